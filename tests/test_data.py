import numpy as np
import pytest

from cnnbook import data

from .conftest import make_dataset, write_dataset


@pytest.mark.parametrize("name", ["mnist", "cifar10"])
def test_loads_valid_files(isolated_env, name):
    arrays = write_dataset(isolated_env / "data", name)
    loader = data.load_mnist if name == "mnist" else data.load_cifar10
    (x_train, y_train), (x_test, y_test) = loader(full=True)
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert y_train.ndim == 1
    # Los arreglos se comparten entre llamadas: no deben poder modificarse.
    with pytest.raises(ValueError):
        x_train[0, 0, 0] = 1


def test_cifar_labels_of_shape_n_1_are_flattened(isolated_env):
    arrays = make_dataset("cifar10")
    arrays["y_train"] = arrays["y_train"][:, None]
    np.savez(isolated_env / "data" / "cifar10.npz", **arrays)
    (_, y_train), _ = data.load_cifar10(full=True)
    assert y_train.shape == (120,)


def test_profile_subset(isolated_env, monkeypatch):
    write_dataset(isolated_env / "data", "mnist", n_train=7000, n_test=2500)
    monkeypatch.setenv("CNNBOOK_PROFILE", "quick")
    (x_train, _), (x_test, _) = data.load_mnist()
    assert len(x_train) == 6000 and len(x_test) == 2000
    (x_train, _), (x_test, _) = data.load_mnist(full=True)
    assert len(x_train) == 7000 and len(x_test) == 2500
    monkeypatch.setenv("CNNBOOK_PROFILE", "full")
    assert len(data.load_mnist()[0][0]) == 7000
    with pytest.raises(TypeError, match="`full`"):
        data.load_mnist(full="si")


def test_missing_file_in_data_dir(isolated_env):
    with pytest.raises(
        data.DataError, match="CNNBOOK_DATA no contiene mnist.npz"
    ) as err:
        data.load_mnist()
    assert "keras.datasets" in str(err.value)


def test_truncated_file(isolated_env):
    write_dataset(isolated_env / "data", "mnist")
    path = isolated_env / "data" / "mnist.npz"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(data.DataError, match="dañado o incompleto"):
        data.load_mnist()


def test_corrupt_file(isolated_env):
    (isolated_env / "data" / "cifar10.npz").write_bytes(b"esto no es un npz" * 100)
    with pytest.raises(data.DataError, match="dañado o incompleto"):
        data.load_cifar10()


def test_pickled_arrays_are_refused(isolated_env):
    arrays = make_dataset("mnist")
    arrays["y_test"] = np.array([object()] * 60, dtype=object)
    np.savez(isolated_env / "data" / "mnist.npz", **arrays)
    with pytest.raises(data.DataError):
        data.load_mnist()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.pop("y_test"), "claves"),
        (lambda a: a.update(x_train=a["x_train"][:, :20]), "forma"),
        (lambda a: a.update(x_train=a["x_train"].astype(np.float32)), "uint8"),
        (lambda a: a.update(y_train=a["y_train"] + 5), "entre 0 y 9"),
        (lambda a: a.update(y_test=a["y_test"][:10]), "deben coincidir"),
        (lambda a: a.update(y_train=a["y_train"].astype(np.float64)), "enteros"),
    ],
)
def test_invalid_contents(isolated_env, change, message):
    arrays = make_dataset("mnist")
    change(arrays)
    np.savez(isolated_env / "data" / "mnist.npz", **arrays)
    with pytest.raises(data.DataError, match=message):
        data.load_mnist()


def test_no_folder_and_no_network(monkeypatch):
    import keras

    monkeypatch.delenv("CNNBOOK_DATA", raising=False)

    def offline():
        raise OSError("sin conexión")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(data.DataError) as err:
        data.load_mnist()
    text = str(err.value)
    assert "CNNBOOK_DATA" in text and "keras.datasets" in text and "internet" in text


def test_download_path_is_validated(monkeypatch):
    import keras

    monkeypatch.delenv("CNNBOOK_DATA", raising=False)
    arrays = make_dataset("cifar10")
    result = (
        (arrays["x_train"], arrays["y_train"][:, None]),
        (arrays["x_test"], arrays["y_test"][:, None]),
    )
    monkeypatch.setattr(keras.datasets.cifar10, "load_data", lambda: result)
    (x_train, y_train), _ = data.load_cifar10(full=True)
    assert x_train.shape == (120, 32, 32, 3) and y_train.shape == (120,)


# -- Procedencia ------------------------------------------------------------------


def test_provenance_of_the_data_folder(isolated_env):
    write_dataset(isolated_env / "data", "cifar10")
    prov = data.provenance("cifar10")
    assert prov.source == "CNNBOOK_DATA"
    assert prov.location == str((isolated_env / "data" / "cifar10.npz").resolve())
    assert (prov.n_train, prov.n_test) == (120, 60)
    assert len(prov.sha256) == 64 and prov.note == ""
    text = prov.sentence()
    assert "CIFAR-10" in text and "carpeta CNNBOOK_DATA (archivo cifar10.npz)" in text
    assert "120 imágenes de entrenamiento y 60 de prueba" in text
    assert prov.sha256[:16] in text
    assert data.provenance("cifar10") == prov  # la misma huella cada vez


def test_provenance_describes_the_whole_set_not_the_quick_subset(isolated_env):
    write_dataset(isolated_env / "data", "mnist", n_train=7000)
    assert len(data.load_mnist()[0][0]) == 6000  # perfil quick
    assert data.provenance("mnist").n_train == 7000


def test_provenance_checksum_follows_the_content_not_the_layout(isolated_env):
    arrays = write_dataset(isolated_env / "data", "cifar10")
    flat = data.provenance("cifar10").sha256
    # Las mismas imágenes con etiquetas (N, 1), como las da keras: misma huella.
    data._load_full.cache_clear()
    np.savez(
        isolated_env / "data" / "cifar10.npz",
        **{**arrays, "y_train": arrays["y_train"][:, None]},
    )
    assert data.provenance("cifar10").sha256 == flat
    # Un solo píxel distinto: otra huella.
    data._load_full.cache_clear()
    arrays["x_test"][0, 0, 0, 0] ^= 1
    np.savez(isolated_env / "data" / "cifar10.npz", **arrays)
    assert data.provenance("cifar10").sha256 != flat


def test_provenance_of_keras_datasets(monkeypatch):
    import keras

    monkeypatch.delenv("CNNBOOK_DATA", raising=False)
    arrays = make_dataset("mnist")
    result = (
        (arrays["x_train"], arrays["y_train"]),
        (arrays["x_test"], arrays["y_test"]),
    )
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: result)
    prov = data.provenance("mnist")
    assert prov.source == "keras.datasets"
    assert prov.location == "keras.datasets.mnist.load_data()"
    assert "keras.datasets.mnist.load_data()" in prov.sentence()
    assert "archivos oficiales" in prov.sentence()


def test_provenance_names_a_known_copy(isolated_env, monkeypatch):
    write_dataset(isolated_env / "data", "mnist")
    sha = data.provenance("mnist").sha256
    monkeypatch.setitem(data._KNOWN, sha, "Una copia conocida.")
    prov = data.provenance("mnist")
    assert prov.note == "Una copia conocida."
    assert prov.sentence().endswith("… Una copia conocida.")


@pytest.mark.parametrize("bad", ["fashion_mnist", "MNIST", None, 3])
def test_provenance_bad_name(bad):
    with pytest.raises(ValueError, match="`name`"):
        data.provenance(bad)


def test_spanish_class_names():
    assert len(data.CIFAR10_CLASSES) == 10
    assert data.CIFAR10_CLASSES[0] == "avión" and data.CIFAR10_CLASSES[9] == "camión"
    assert data.MNIST_CLASSES[7] == "7"


# -- Traslados ------------------------------------------------------------------


def test_shift_moves_and_fills_with_zeros():
    img = np.arange(1, 26, dtype=np.uint8).reshape(5, 5)
    out = data.shift(img, 1, 2)
    assert out.dtype == img.dtype
    np.testing.assert_array_equal(out[0], 0)
    np.testing.assert_array_equal(out[:, :2], 0)
    np.testing.assert_array_equal(out[1:, 2:], img[:-1, :-2])
    # Sin vuelta: el último renglón original desaparece.
    assert not np.isin(img[-1], out).any()


def test_shift_negative_and_batches():
    rng = np.random.default_rng(0)
    batch = rng.integers(1, 255, size=(3, 6, 7), dtype=np.uint8)
    out = data.shift(batch, -2, -3)
    np.testing.assert_array_equal(out[:, :-2, :-3], batch[:, 2:, 3:])
    np.testing.assert_array_equal(out[:, -2:], 0)
    np.testing.assert_array_equal(out[:, :, -3:], 0)
    color = rng.random((2, 5, 5, 3)).astype(np.float32)
    out = data.shift(color, 4, 4)
    np.testing.assert_array_equal(out[:, 4, 4], color[:, 0, 0])
    assert out[:, :4].sum() == 0
    np.testing.assert_array_equal(data.shift(batch, 0, 0), batch)
    assert data.shift(batch, 6, 0).sum() == 0


def test_shift_preserves_total_when_content_fits():
    img = np.zeros((28, 28), dtype=np.uint8)
    img[5:15, 6:12] = 200
    assert data.shift(img, 4, 4).sum() == img.sum()


@pytest.mark.parametrize(
    ("args", "exc", "arg"),
    [
        ((np.zeros((4, 4)), 1.5, 0), TypeError, "dy"),
        ((np.zeros((4, 4)), 0, True), TypeError, "dx"),
        ((np.zeros((4, 4)), 5, 0), ValueError, "dy"),
        ((np.zeros((4, 4)), 0, -5), ValueError, "dx"),
        ((np.zeros(4), 0, 0), ValueError, "x"),
        (([[1, 2], [3, 4]], 0, 0), TypeError, "x"),
        ((np.array([["a"]]), 0, 0), TypeError, "x"),
    ],
)
def test_shift_bad_arguments(args, exc, arg):
    with pytest.raises(exc, match=f"`{arg}`"):
        data.shift(*args)


# -- Escala de grises, normalización, one-hot -------------------------------------


def test_grayscale_uses_luminance_weights():
    rgb = np.zeros((2, 1, 3, 3), dtype=np.uint8)
    rgb[0, 0, 0] = (255, 0, 0)
    rgb[0, 0, 1] = (0, 255, 0)
    rgb[0, 0, 2] = (0, 0, 255)
    rgb[1] = 200
    gray = data.to_grayscale(rgb)
    assert gray.shape == (2, 1, 3) and gray.dtype == np.uint8
    np.testing.assert_array_equal(gray[0, 0], [76, 150, 29])
    np.testing.assert_array_equal(gray[1], 200)
    floats = data.to_grayscale(rgb.astype(np.float32) / 255)
    assert floats.dtype == np.float32
    np.testing.assert_allclose(floats[0, 0], [0.299, 0.587, 0.114], rtol=1e-6)


def test_grayscale_matches_tensorflow():
    import tensorflow as tf

    rgb = np.random.default_rng(1).random((4, 5, 3)).astype(np.float32)
    np.testing.assert_allclose(
        data.to_grayscale(rgb),
        tf.image.rgb_to_grayscale(rgb).numpy()[..., 0],
        atol=1e-3,
    )


@pytest.mark.parametrize("bad", [np.zeros((4, 4)), np.zeros((2, 4, 4, 4)), np.zeros(3)])
def test_grayscale_bad_shape(bad):
    with pytest.raises(ValueError, match="`x`"):
        data.to_grayscale(bad)


def test_resize_batch():
    x = np.full((3, 32, 32), 100, dtype=np.uint8)
    out = data.resize(x, (28, 28))
    assert out.shape == (3, 28, 28) and out.dtype == np.uint8
    np.testing.assert_array_equal(out, 100)
    with pytest.raises(ValueError, match="`size`"):
        data.resize(x, (28, 0))


def test_normalize_and_one_hot():
    x = np.array([[0, 255]], dtype=np.uint8)
    out = data.normalize(x)
    assert out.dtype == np.float32 and out.max() == 1.0
    with pytest.raises(TypeError, match="uint8"):
        data.normalize(x.astype(np.float32))
    y = np.array([3, 0], dtype=np.uint8)
    np.testing.assert_array_equal(data.one_hot(y).argmax(axis=1), y)
    with pytest.raises(ValueError, match="`y`"):
        data.one_hot(np.array([10]))
    with pytest.raises(TypeError, match="`y`"):
        data.one_hot(np.array([0.5]))
