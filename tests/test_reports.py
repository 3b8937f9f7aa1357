"""The report runner (``clvmodels report``): parameter checks, the run folder, failure path.

Runs small throwaway notebooks written into ``tmp_path``, so these tests do not depend on the
project's notebooks (``test_notebooks.py`` executes those).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import warnings
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from clvmodels.cli import main
from clvmodels.exceptions import ParameterError
from clvmodels.reports import load_params_file, parse_parameters, run_report
from clvmodels.reports.html import format_value
from clvmodels.reports.notebooks import COMMON_PARAMETERS, list_specs, select_specs
from clvmodels.reports.params import validate_parameters
from clvmodels.reports.runner import check_run_id, make_run_id

COMMON_CELL = """\
dataset = "cdnow"          # "cdnow" | "cdnow-master" | "synthetic"
data = None                # a CRM database: folder, DuckDB file, SQL URL or crm.yaml
input_path = None          # a CSV/Parquet transaction log; overrides dataset
column_map = None          # {"customer_id": "...", "date": "...", "amount": "..."} for input_path
calibration_end = None     # "YYYY-MM-DD"; None: the dataset's default
observation_end = None     # "YYYY-MM-DD"; None: the dataset's default
time_unit = "W"            # "D" | "W" | "M"
max_customers = None       # int: random subset for quick runs (tests use a few hundred)
lang = "en"                # "en" | "zh": labels, headings and plots
random_state = 42
transaction_model = "MBG/NBD"  # "MBG/NBD" | "Pareto/NBD" | "BG/NBD"
"""

ALPHA_BODY = """\
from clvmodels.reports import headline
headline("customers", 1234)
headline("clv_total", 98765.4321, unit="USD")
print("alpha ran with", lang, max_customers, threshold, engine, data)
with open("alpha_output.txt", "w") as fh:  # lands in the run folder (the kernel's cwd)
    fh.write("written by alpha")
import matplotlib.pyplot as plt
plt.plot([1, 3, 2])
"""

BETA_BODY = """\
from clvmodels.reports import headline
headline("top_share", 0.25, label="Top-segment share")
if fail:
    raise ValueError("boom requested by the test")
print("beta ran")
"""


def _write_notebook(path: Path, title: str, extra_params: str, body: str) -> None:
    nb = new_notebook()
    params = new_code_cell(COMMON_CELL + extra_params)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell(f"# {title}\n\nWhat this answers."), params, new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture()
def nb_dir(tmp_path: Path) -> Path:
    """Two throwaway report notebooks: 01_alpha (threshold, engine) and 02_beta (fail)."""
    d = tmp_path / "notebooks"
    d.mkdir()
    _write_notebook(
        d / "01_alpha.ipynb",
        "Alpha analysis",
        'threshold = 0.5           # share\nengine = "pandas"         # "pandas" | "duckdb" | "spark"\n',
        ALPHA_BODY,
    )
    _write_notebook(d / "02_beta.ipynb", "Beta analysis", "fail = False\n", BETA_BODY)
    return d


def _digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _local_links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [
        link
        for link in parser.links
        if not link.startswith(("http://", "https://", "#", "data:", "mailto:"))
    ]


def _run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["report", "--quiet", *args])
    return code, capsys.readouterr().err


# --- parameters cells --------------------------------------------------------------------------


def test_parse_parameters_reads_types_and_choices_from_literals_and_comments() -> None:
    params = parse_parameters(COMMON_CELL + "alpha: float = 0.3\nn_top = 10\nflag = True\n")
    assert list(params)[: len(COMMON_PARAMETERS)] == list(COMMON_PARAMETERS)
    assert params["time_unit"].choices == ("D", "W", "M")
    assert params["dataset"].choices == ("cdnow", "cdnow-master", "synthetic")
    assert params["lang"].accepts("zh") and not params["lang"].accepts("fr")
    assert params["max_customers"].accepts(300) and params["max_customers"].accepts(None)
    assert not params["max_customers"].accepts("300")
    assert params["alpha"].accepts(1) and params["alpha"].accepts(0.5)
    assert not params["alpha"].accepts(True)
    assert params["n_top"].accepts(3) and not params["n_top"].accepts(2.5)
    assert params["flag"].accepts(False) and not params["flag"].accepts(1)
    assert params["column_map"].accepts({"customer_id": "c"}) and not params["column_map"].accepts([1])


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("x = compute()\n", "not a literal"),
        ("import math\n", "only 'name = literal'"),
        ("x = (\n", "invalid Python"),
    ],
)
def test_parse_parameters_rejects_anything_but_literal_assignments(source: str, fragment: str) -> None:
    with pytest.raises(ParameterError, match=fragment):
        parse_parameters(source, where="01_x.ipynb")


def test_validate_names_the_notebooks_that_declare_a_mistyped_parameter(nb_dir: Path) -> None:
    specs = list_specs(nb_dir)
    with pytest.raises(ParameterError) as info:
        validate_parameters({"threshold": "high"}, specs, source="run.yaml")
    message = str(info.value)
    assert "'threshold'" in message and "01_alpha" in message and "02_beta" not in message
    assert "float" in message and "\n" not in message
    validate_parameters({"threshold": 1, "fail": True, "lang": "zh"}, specs)  # accepted


def test_select_by_number_name_and_short_name(nb_dir: Path) -> None:
    specs = list_specs(nb_dir)
    assert [s.name for s in select_specs(specs, only=["2"])] == ["02_beta"]
    assert [s.name for s in select_specs(specs, only=["01_alpha,beta"])] == ["01_alpha", "02_beta"]
    assert [s.name for s in select_specs(specs, skip=["alpha"])] == ["02_beta"]
    with pytest.raises(ParameterError, match="leave no notebook"):
        select_specs(specs, only=["1"], skip=["01"])


def test_params_file_turns_dates_into_strings_and_resolves_paths(tmp_path: Path) -> None:
    (tmp_path / "orders.csv").write_text("c,d,a\n1,2020-01-01,3\n")
    cfg = tmp_path / "cfg" / "report.yaml"
    cfg.parent.mkdir()
    cfg.write_text(
        "calibration_end: 1997-09-30\ninput_path: ../orders.csv\nnotebooks:\n  02_beta:\n"
        "    fail: false\nreport:\n  only: [1, 2]\n  output_dir: out\n"
    )
    config = load_params_file(cfg)
    assert config.params["calibration_end"] == "1997-09-30"
    assert config.params["input_path"] == str((tmp_path / "orders.csv").resolve())
    assert config.notebook_params == {"02_beta": {"fail": False}}
    assert config.options["only"] == [1, 2]
    assert config.options["output_dir"] == str((cfg.parent / "out").resolve())


def test_run_id_has_date_and_parameter_hash_and_is_checked() -> None:
    now = dt.datetime(2024, 5, 6, 7, 8, 9)
    a = make_run_id({"lang": "en"}, ["01_a"], now=now)
    b = make_run_id({"lang": "zh"}, ["01_a"], now=now)
    assert a.startswith("20240506-070809-") and len(a) == len("20240506-070809-") + 6
    assert a != b and a == make_run_id({"lang": "en"}, ["01_a"], now=now)
    for bad in ("latest", "../up", ".hidden", "a/b", ""):
        with pytest.raises(ParameterError, match="run id"):
            check_run_id(bad)


def test_latest_is_replaced_atomically_or_copied_without_symlinks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clvmodels.reports.runs import _point_latest as _update_latest

    for run in ("r1", "r2", "r3"):
        (tmp_path / run).mkdir()
        (tmp_path / run / "index.html").write_text(run)
    _update_latest(tmp_path, "r1")
    _update_latest(tmp_path, "r2")
    assert os.readlink(tmp_path / "latest") == "r2"

    def no_symlinks(*args: object, **kwargs: object) -> None:
        raise OSError("symlinks not supported")

    monkeypatch.setattr(os, "symlink", no_symlinks)
    _update_latest(tmp_path, "r3")  # replaces the old symlink with a copy
    assert not (tmp_path / "latest").is_symlink()
    assert (tmp_path / "latest" / "index.html").read_text() == "r3"
    _update_latest(tmp_path, "r1")  # and a copy with a newer copy
    assert (tmp_path / "latest" / "index.html").read_text() == "r1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "r1", "r2", "r3"]


def test_format_value_for_the_index() -> None:
    assert format_value(1234) == "1,234"
    assert format_value(98765.4321) == "98,765"
    assert format_value(12.345) == "12.35"
    assert format_value(0.12345) == "0.123"
    assert format_value(None) == "–"


# --- command line: bad input exits 2 before anything runs ------------------------------------------


@pytest.mark.parametrize(
    ("yaml_text", "extra", "fragments"),
    [
        ("max_customer: 300\n", [], ["'max_customer'", "did you mean 'max_customers'"]),
        ('max_customers: "300"\n', [], ["'max_customers'", "int or None", "01_alpha, 02_beta"]),
        ("time_unit: Y\n", [], ["'time_unit'", "'D' | 'W' | 'M'"]),
        ("threshold: [1]\n", [], ["'threshold'", "01_alpha"]),
        ("notebooks:\n  beta:\n    threshold: 1\n", [], ["'threshold'", "beta does not declare"]),
        ("report:\n  workers: 2\n", [], ["unknown report option 'workers'"]),
        ("dataset: [\n", [], ["not valid YAML"]),
        ("", ["--only", "9"], ["--only '9'"]),
        ("", ["--customer-col", "c"], ["--input"]),
        ("", ["--input", "missing.csv"], ["missing.csv"]),
        ("", ["--run-id", "../x"], ["run id"]),
        ("", ["--max-customers", "0"], ["--max-customers"]),
        ("", ["--jobs", "0"], ["jobs=0"]),
    ],
)
def test_bad_parameters_exit_2_with_one_line_before_any_run(
    nb_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    yaml_text: str,
    extra: list[str],
    fragments: list[str],
) -> None:
    params = tmp_path / "report.yaml"
    params.write_text(yaml_text)
    out = tmp_path / "reports"
    code, err = _run_cli(
        ["--notebooks-dir", str(nb_dir), "--output-dir", str(out), "--params", str(params), *extra],
        capsys,
    )
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clvmodels report: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert not out.exists() or not any(out.iterdir())  # nothing was run


def test_existing_run_folder_is_not_overwritten(
    nb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    (out / "r1").mkdir(parents=True)
    code, err = _run_cli(["--notebooks-dir", str(nb_dir), "--output-dir", str(out), "--run-id", "r1"], capsys)
    assert code == 2 and "already exists" in err


def test_unwritable_output_dir_exits_2(
    nb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, err = _run_cli(["--notebooks-dir", str(nb_dir), "--output-dir", str(blocker / "sub")], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "cannot write" in err and "a file stands where a folder is needed" in err


def test_missing_notebooks_dir_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run_cli(["--notebooks-dir", str(tmp_path)], capsys)
    assert code == 2 and "no NN_name.ipynb notebooks" in err


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["report", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "exit codes:" in out and "2    bad input, parameters or output folder" in out and "143" in out and "--only" in out


# --- full runs (each starts one kernel per notebook) -------------------------------------------------


def test_report_runs_every_notebook_and_index_links_resolve(
    nb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _digests(nb_dir)
    params = tmp_path / "report.yaml"
    params.write_text("threshold: 0.75\nreport:\n  output_dir: reports\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as on CI or cron: figures must still be inline
    code, err = _run_cli(
        ["--notebooks-dir", str(nb_dir), "--params", str(params), "--max-customers", "200",
         "--engine", "duckdb", "--run-id", "run-a", "--jobs", "2"],
        capsys,
    )
    assert code == 0, err
    out = tmp_path / "reports"
    run_dir = out / "run-a"
    assert sorted(p.name for p in out.iterdir()) == [".locks", "_fonts", "_mathjax", "latest", "run-a"]  # no .tmp
    assert (out / "latest").resolve() == run_dir.resolve()
    assert _digests(nb_dir) == before  # sources untouched
    assert Path.cwd() == tmp_path  # the runner never changes this process's directory
    assert (run_dir / "alpha_output.txt").read_text() == "written by alpha"

    meta = json.loads((run_dir / "run.json").read_text())
    alpha, beta = meta["notebooks"]
    assert alpha["parameters"] == {"max_customers": 200, "threshold": 0.75, "engine": "duckdb"}
    assert beta["parameters"] == {"max_customers": 200}  # only what it declares
    # two notebooks ran at once (jobs=2): each one's headlines still land with it
    assert [h["key"] for h in alpha["headlines"]] == ["customers", "clv_total"]
    assert [h["key"] for h in beta["headlines"]] == ["top_share"]

    executed = nbformat.read(run_dir / "01_alpha.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    # the run's database (CDNOW by default) is cut to 200 customers once, by the runner
    assert "alpha ran with en None 0.75 duckdb _input/crm" in printed
    assert meta["data"]["name"] == "cdnow" and meta["data"]["customers"] == 200
    assert any("image/png" in o.get("data", {}) for c in executed.cells for o in c.get("outputs", []))

    index = (run_dir / "index.html").read_text(encoding="utf-8")
    assert "Alpha analysis" in index and "Beta analysis" in index
    assert "1,234" in index and "98,765" in index and "USD" in index
    assert "Top-segment share" in index and "threshold" in index
    assert "failed" not in index.split("<body>")[1].split("<h2>")[0].replace("failed-row", "")
    links = _local_links(run_dir / "index.html")
    assert {"01_alpha.html", "02_beta.html", "01_alpha.ipynb", "02_beta.ipynb", "run.json"} <= set(links)
    for link in links:
        assert (run_dir / link).is_file(), link
    # formulas render offline: pages load the MathJax copied beside the runs
    page = (run_dir / "01_alpha.html").read_text(encoding="utf-8")
    assert "../_mathjax/MathJax.js" in page and "cdnjs.cloudflare.com/ajax/libs/mathjax" not in page
    assert (run_dir / "../_mathjax/MathJax.js").resolve().is_file()
    page = (run_dir / "01_alpha.html").read_text(encoding="utf-8")
    assert "headline(" not in page  # code hidden
    assert "alpha ran with" in page  # outputs shown
    assert "data:image/png;base64," in page  # the figure is embedded
    for link in _local_links(run_dir / "01_alpha.html"):
        assert (run_dir / link.split("?")[0]).exists(), link


def test_failing_notebook_gets_error_page_others_run_and_exit_1(
    nb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    params = tmp_path / "report.yaml"
    params.write_text("notebooks:\n  02_beta:\n    fail: true\n")
    out = tmp_path / "reports"
    code, err = _run_cli(
        ["--notebooks-dir", str(nb_dir), "--output-dir", str(out), "--params", str(params),
         "--lang", "zh", "--run-id", "run-f"],
        capsys,
    )
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "02_beta" in lines[0] and "ValueError: boom requested by the test" in lines[0]
    run_dir = out / "run-f"
    meta = json.loads((run_dir / "run.json").read_text())
    assert [nb["status"] for nb in meta["notebooks"]] == ["ok", "failed"]
    assert meta["status"] == "failed"
    assert (out / "latest").resolve() == run_dir.resolve()  # partial run: latest moves

    page = (run_dir / "02_beta.html").read_text(encoding="utf-8")
    assert "boom requested by the test" in page
    assert "raise" in page and "ValueError" in page  # the failing cell's code is shown
    assert "headline(" in page  # the failing cell is the one that also calls headline
    assert "本笔记本因错误而中止" in page and "An Exception was encountered" not in page  # --lang zh
    executed = nbformat.read(run_dir / "02_beta.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in executed.cells for o in c.get("outputs", []))

    index = (run_dir / "index.html").read_text(encoding="utf-8")
    assert 'class="failed-row"' in index and "boom requested by the test" in index
    assert "客户价值分析报告" in index and "失败" in index and "成功" in index  # --lang zh
    for link in _local_links(run_dir / "index.html"):
        assert (run_dir / link).is_file(), link


def test_run_where_every_notebook_fails_keeps_latest(nb_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "old").mkdir()
    os.symlink("old", out / "latest")
    result = run_report(
        {"fail": True}, notebooks_dir=nb_dir, output_dir=out, only=["beta"], run_id="r2", progress=False
    )
    assert result.exit_code == 1 and result.latest is None
    assert os.readlink(out / "latest") == "old"
    assert "02_beta failed: ValueError" in result.failure_message()
    assert (out / "r2" / "index.html").is_file() and not list(out.glob(".*.tmp"))


def test_kernel_that_cannot_start_gets_an_error_page(nb_dir: Path, tmp_path: Path) -> None:
    result = run_report(
        notebooks_dir=nb_dir, output_dir=tmp_path / "r", kernel_name="no-such-kernel",
        run_id="k", progress=False,
    )
    assert result.exit_code == 1 and len(result.failed) == 2
    assert "No such kernel named no-such-kernel" in result.failure_message()
    page = (result.path / "01_alpha.html").read_text(encoding="utf-8")
    assert "NoSuchKernel" in page and "Traceback" in page
    for link in _local_links(result.path / "index.html"):
        assert (result.path / link).is_file(), link
    assert not (tmp_path / "r" / "latest").exists()


def test_show_code_keeps_code_in_pages(nb_dir: Path, tmp_path: Path) -> None:
    result = run_report(
        notebooks_dir=nb_dir, output_dir=tmp_path / "r", only=["1"], show_code=True, progress=False
    )
    assert result.exit_code == 0
    page = (result.path / "01_alpha.html").read_text(encoding="utf-8")
    assert "headline" in page and "clv_total" in page
    assert result.path.name.count("-") == 2  # default run id: date-time-hash


# --- Chinese plots --------------------------------------------------------------------------------


def test_chinese_plot_text_has_a_font_and_no_missing_glyphs(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from clvmodels.plotting import cjk_font_family, plot_context

    family = cjk_font_family()
    assert family is not None, "no CJK font: install clvmodels' dependency pylopdf-fonts-zh-cn"
    with matplotlib.rc_context():  # undo the fallback afterwards, for the other tests
        with plot_context("zh"):
            fig, ax = plt.subplots()
            ax.bar(["重要价值客户", "流失预警"], [3, 5], label="客户数")
            ax.set_title("客户价值金字塔")
            ax.legend()
        with warnings.catch_warnings(record=True) as caught:  # drawn after the block, like inline
            warnings.simplefilter("always")
            fig.savefig(tmp_path / "zh.png")
            fig2, ax2 = plt.subplots()  # made after plot_context("zh"): CJK font is a fallback
            ax2.set_title("回购概率 P(alive)")
            fig2.savefig(tmp_path / "zh2.png")
        plt.close(fig)
        plt.close(fig2)
        missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
        assert missing == []
        # Latin text keeps its font: the CJK family is only appended after the default one.
        assert matplotlib.rcParams["font.family"][0] == matplotlib.rcParamsDefault["font.family"][0]
        assert matplotlib.rcParams["font.family"][-1] == family


# --- the shipped example ---------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(
    not any((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")), reason="no notebooks in notebooks/ yet"
)
def test_example_params_file_is_valid_for_the_project_notebooks() -> None:
    config = load_params_file(REPO / "examples" / "report.yaml")
    specs = list_specs(REPO / "notebooks")
    validate_parameters(config.params, specs, source="examples/report.yaml")
    for name, values in config.notebook_params.items():
        validate_parameters(values, specs, source="examples/report.yaml", notebook=name)
    # every common parameter is in the example; data is its own section (commented out there)
    assert set(COMMON_PARAMETERS) - {"input_path", "column_map", "data"} <= set(config.params)
    assert config.options["output_dir"] == str((REPO / "reports").resolve())
    assert config.data is None and config.write_back is None  # the bundled CDNOW by default
    text = (REPO / "examples" / "report.yaml").read_text(encoding="utf-8")
    assert "# data:" in text and "# write_back:" in text


@pytest.mark.skipif(
    not any((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")), reason="no notebooks in notebooks/ yet"
)
def test_example_crm_params_file_is_valid() -> None:
    config = load_params_file(REPO / "examples" / "report_crm.yaml")
    validate_parameters(config.params, list_specs(REPO / "notebooks"),
                        source="examples/report_crm.yaml")
    assert config.data is not None and config.data.source.startswith("postgresql+psycopg://")
    assert config.data.options["columns"]["transactions"]["order_total"] == "amount"
    assert config.write_back == {"table": "customer_scores", "mode": "append"}


def test_cron_example_runs_the_example_params_file() -> None:
    lines = [
        ln for ln in (REPO / "examples" / "crontab.txt").read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert lines and all("clvmodels report --params examples/report.yaml" in ln for ln in lines)
    assert all(len(ln.split(None, 5)) == 6 for ln in lines)  # 5 time fields and a command
