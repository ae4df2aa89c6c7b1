import pytest

from cnnbook import config


def test_default_profile_is_full(monkeypatch):
    monkeypatch.delenv("CNNBOOK_PROFILE", raising=False)
    assert config.profile().name == "full"
    assert config.profile().is_full
    assert config.profile().epochs(20) == 20


def test_quick_profile_caps_epochs(monkeypatch):
    monkeypatch.setenv("CNNBOOK_PROFILE", "QUICK")
    prof = config.profile()
    assert prof.name == "quick"
    assert prof.epochs(20) == prof.max_epochs < 20
    assert "quick" in prof.describe()


def test_unknown_profile_is_a_spanish_error(monkeypatch):
    monkeypatch.setenv("CNNBOOK_PROFILE", "rapido")
    with pytest.raises(ValueError, match="CNNBOOK_PROFILE debe ser uno de"):
        config.profile()


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (0, ValueError),
        (-1, ValueError),
        (2.0, TypeError),
        (True, TypeError),
        ("3", TypeError),
    ],
)
def test_epochs_must_be_positive_int(monkeypatch, bad, error):
    monkeypatch.delenv("CNNBOOK_PROFILE", raising=False)
    with pytest.raises(error, match="`epochs`"):
        config.profile().epochs(bad)


def test_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("CNNBOOK_DATA", raising=False)
    assert config.data_dir() is None
    monkeypatch.setenv("CNNBOOK_DATA", str(tmp_path))
    assert config.data_dir() == tmp_path.resolve()
    monkeypatch.setenv("CNNBOOK_DATA", str(tmp_path / "no-existe"))
    with pytest.raises(ValueError, match="CNNBOOK_DATA apunta a"):
        config.data_dir()


def test_cache_and_records_dirs(monkeypatch, tmp_path):
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path / "c"))
    monkeypatch.delenv("CNNBOOK_RECORDS", raising=False)
    assert config.cache_dir() == (tmp_path / "c").resolve()
    assert config.records_dir() == (tmp_path / "c" / "records").resolve()
    monkeypatch.setenv("CNNBOOK_RECORDS", str(tmp_path / "r"))
    assert config.records_dir() == (tmp_path / "r").resolve()
    monkeypatch.delenv("CNNBOOK_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert config.cache_dir() == (tmp_path / "xdg" / "cnnbook").resolve()


def test_lesson_pattern(monkeypatch):
    monkeypatch.delenv("CNNBOOK_LESSON", raising=False)
    assert config.lesson_pattern() is None
    monkeypatch.setenv("CNNBOOK_LESSON", "  ")
    assert config.lesson_pattern() is None
    monkeypatch.setenv("CNNBOOK_LESSON", " plot_02_relleno ")
    assert config.lesson_pattern() == "plot_02_relleno"
    monkeypatch.setenv("CNNBOOK_LESSON", r"03_capas/plot_0[23]|relleno")
    assert config.lesson_pattern() == r"03_capas/plot_0[23]|relleno"


@pytest.mark.parametrize("bad", ["[", "plot_(", "a)(b", "(?i)relleno"])
def test_lesson_pattern_must_be_a_regex(monkeypatch, bad):
    monkeypatch.setenv("CNNBOOK_LESSON", bad)
    with pytest.raises(ValueError, match="CNNBOOK_LESSON debe ser una expresión"):
        config.lesson_pattern()
