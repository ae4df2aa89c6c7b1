"""La escalera del capítulo 6: cada peldaño agrega exactamente una idea."""

import itertools

import pytest

from cnnbook import ladder, modern


def _differences(before: dict, after: dict) -> set:
    return {k for k in set(before) | set(after) if before.get(k) != after.get(k)}


def test_each_step_adds_one_idea_to_the_previous():
    expected = {
        "tasa_coseno": {"learning_rate", "momentum", "schedule", "warmup_fraction"},
        # La normalización viene con la tasa más alta que permite.
        "normalizacion": {"batchnorm", "learning_rate"},
        "aumento": {"augment"},
        "regularizacion": {"weight_decay", "label_smoothing"},
        "residual_global": {"residual", "global_pool"},
    }
    for previous, step in itertools.pairwise(ladder.LADDER):
        a, b = ladder.settings(previous), ladder.settings(step)
        changed = _differences(a["model"], b["model"]) | _differences(
            a["compile"], b["compile"]
        )
        assert changed == expected[step], step


def test_first_step_is_the_lecture_optimizer_on_3x3_stacks():
    first = ladder.settings("pilas_3x3")
    assert first["compile"] == {"learning_rate": 0.1, "momentum": 0.0}
    assert not any(
        first["model"][k] for k in ("batchnorm", "augment", "residual", "global_pool")
    )
    assert first["model"]["precision"] == modern.fast_precision()


def test_final_is_the_last_step_wider_without_the_unjustified_ideas():
    last, final = ladder.settings(ladder.LADDER[-1]), ladder.final_settings()
    assert final["model"] == {**last["model"], "widths": ladder.FINAL_WIDTHS}
    # Sólo se quita lo que agregó cada peldaño de FINAL_WITHOUT.
    assert set(ladder.FINAL_WITHOUT) <= set(ladder.LADDER)
    assert ladder.FINAL_WITHOUT == ("regularizacion",)
    assert last["compile"]["weight_decay"] > 0 and last["compile"]["label_smoothing"]
    assert "weight_decay" not in final["compile"]
    assert "label_smoothing" not in final["compile"]
    assert _differences(last["compile"], final["compile"]) == {
        "weight_decay",
        "label_smoothing",
    }
    # Un peldaño anterior a los que se quitan: sólo cambian los filtros.
    early = ladder.final_settings("normalizacion")
    assert early["compile"] == ladder.settings("normalizacion")["compile"]
    with pytest.raises(ValueError, match="step"):
        ladder.final_settings("abandono")


def test_every_step_builds_and_compiles():
    for step in ladder.LADDER:
        settings = ladder.settings(step)
        model = modern.modern_cnn(**{**settings["model"], "widths": (2, 2, 2)})
        modern.compile_modern(model, **settings["compile"], epochs=2, steps_per_epoch=3)
        assert model.output_shape == (None, 10)


def test_unknown_step_is_rejected_naming_the_argument():
    with pytest.raises(ValueError, match="`step`"):
        ladder.settings("dropout")
    with pytest.raises(ValueError, match="`step`"):
        ladder.train("dropout")


def test_other_precision_trains_apart_and_same_precision_shares_the_key(monkeypatch):
    calls = []
    monkeypatch.setattr(
        ladder, "_run", lambda name, chosen, epochs: calls.append((name, chosen))
    )
    monkeypatch.setattr(modern, "fast_precision", lambda: "mixed_bfloat16")
    ladder.train("normalizacion", precision="float32")
    ladder.train("normalizacion", precision="mixed_bfloat16")
    ladder.train("normalizacion")
    names = [name for name, _ in calls]
    assert names == ["moderna_normalizacion_float32"] + ["moderna_normalizacion"] * 2
    assert calls[0][1]["model"]["precision"] == "float32"
    assert calls[2][1]["model"]["precision"] == "mixed_bfloat16"
    with pytest.raises(ValueError, match="`precision`"):
        ladder.train("normalizacion", precision="float16")
