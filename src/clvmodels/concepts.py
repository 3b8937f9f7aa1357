"""The concept map (概念地图): every CRM concept of CONCEPTS.md, its formula, code and report page.

One registry, :data:`CONCEPTS`, ties each idea the project makes computable (the customer
pyramid, P(alive), the 20/80/30 rule, NPV of a key customer, ...) to

* its names in English and Chinese and the source text it comes from,
* a formula or a one-line rule (the rule's words are labels, ``concepts_rule_<key>``),
* the public functions that compute it (dotted names, resolved with :func:`resolve`),
* the report section that shows it: ``NN_name.html#concept-<key>`` (each notebook puts
  ``<a id="concept-<key>"></a>`` at the start of that section).

:func:`concept_table` puts the map in a table in either language; :func:`concept_markdown` in a
Markdown table with links, as notebook ``00_concepts`` shows it.

The functions are named by strings and imported only when resolved, so this module imports
nothing above the label tables at import time.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .exceptions import ParameterError
from .labels import check_lang, label, say

__all__ = [
    "CONCEPTS",
    "SECTIONS",
    "Concept",
    "concept",
    "concept_markdown",
    "concept_table",
    "data_note",
    "data_tables",
    "resolve",
]

#: Sections of CONCEPTS.md the concepts belong to, in order.
SECTIONS = ("1", "2", "3", "4", "5", "6", "7")

#: Labels of what a concept may need beyond the transaction log (see :attr:`Concept.needs`).
_NEED_LABELS = {
    "customers": "crm_table_customers",
    "contacts": "crm_table_contacts",
    "surveys": "crm_table_surveys",
    "referrals": "crm_table_referrals",
    "transactions.cost|margin": "concepts_need_cost",
}


@dataclass(frozen=True)
class Concept:
    """One concept of CONCEPTS.md and where the project computes and shows it.

    Attributes
    ----------
    key : str
        Identifier, e.g. ``"customer_pyramid"``; the report anchor is ``concept-<key>``.
    name_en, name_zh : str
        Names in English and in Chinese (the terms of the sources).
    section : str
        Section of CONCEPTS.md, ``"1"`` to ``"7"``.
    source : str
        Source text(s) in ``sources/`` the concept comes from, e.g. ``"003"`` or
        ``"000, 001"``; ``""`` when CONCEPTS.md adds it (section 7).
    formula : str
        A formula readable in both languages (``$...$`` LaTeX), or ``""`` when the concept is a
        rule in words only (the label ``concepts_rule_<key>`` holds the rule in each language).
    functions : tuple of str
        Dotted public names that compute it, e.g. ``"clvmodels.segmentation.customer_pyramid"``.
    notebook : str or None
        Report notebook that shows it, e.g. ``"04_value_frameworks"``; None for the report
        index page.
    anchor : str
        HTML id of the section, ``"concept-<key>"`` in a notebook.
    excerpt : str
        A short verbatim snippet of CONCEPTS.md (whitespace aside) the concept covers.
    more_excerpts : tuple of str
        Other snippets of CONCEPTS.md it covers (a concept stated in two places).
    needs : tuple of str
        What the concept needs beyond the transaction log: a table (``"surveys"``) or a table
        with one of some columns (``"transactions.cost|margin"``).
    """

    key: str
    name_en: str
    name_zh: str
    section: str
    source: str
    formula: str
    functions: tuple[str, ...]
    notebook: str | None
    anchor: str
    excerpt: str
    more_excerpts: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()

    @property
    def excerpts(self) -> tuple[str, ...]:
        """All snippets of CONCEPTS.md the concept covers."""
        return (self.excerpt, *self.more_excerpts)

    @property
    def page(self) -> str:
        """The report page: ``"NN_name.html"``, or ``"index.html"``."""
        return f"{self.notebook}.html" if self.notebook else "index.html"

    @property
    def link(self) -> str:
        """Link to the report section: ``"NN_name.html#concept-<key>"``."""
        return f"{self.page}#{self.anchor}"

    def name(self, lang: str = "en") -> str:
        """The concept's name in ``lang``."""
        return self.name_zh if check_lang(lang) == "zh" else self.name_en

    def rule(self, lang: str = "en") -> str:
        """The concept's rule in words, in ``lang``."""
        return label(f"concepts_rule_{self.key}", lang)

    def page_name(self, lang: str = "en") -> str:
        """Name of the report page, e.g. ``"04 · Customer value frameworks"``."""
        return label(f"concepts_page_{self.notebook or 'index'}", lang)

    def missing(self, data: Any) -> tuple[str, ...]:
        """What of :attr:`needs` ``data`` (a CRM database: :meth:`CRMDatabase.has`) lacks; empty
        when it can be computed."""
        out = []
        for need in self.needs:
            table, _, columns = need.partition(".")
            found = (any(data.has(table, c) for c in columns.split("|")) if columns
                     else data.has(table))
            if not found:
                out.append(need)
        return tuple(out)


def _c(key: str, en: str, zh: str, section: str, source: str, formula: str,
       functions: tuple[str, ...], notebook: str | None, excerpt: str,
       more: tuple[str, ...] = (), needs: tuple[str, ...] = ()) -> Concept:
    return Concept(key=key, name_en=en, name_zh=zh, section=section, source=source,
                   formula=formula, functions=functions, notebook=notebook,
                   anchor=f"concept-{key}", excerpt=excerpt, more_excerpts=more, needs=needs)


_SEG = "clvmodels.segmentation."
_ECON = "clvmodels.economics."
_CHURN = "clvmodels.churn."
_CMP = "clvmodels.compare."
_NB = ("01_data_audit", "02_rfm_segments", "03_clv_models", "04_value_frameworks",
       "05_churn_warning", "06_clustering", "07_segment_comparison", "08_customer_economics")

#: Every concept of CONCEPTS.md, in the order of its sections.
CONCEPTS: tuple[Concept, ...] = (
    # 1. The customer database
    _c("crm_database", "CRM database", "客户数据库", "1", "002, 003", "",
       ("clvmodels.crm.load_crm", "clvmodels.crm.CRMDatabase", "clvmodels.datasets.load_data"),
       _NB[0], "A CRM database holds, per customer: basic/demographic data"),
    _c("transaction_log", "Transaction log", "交易记录", "1", "002", "",
       ("clvmodels.io.read_transactions", "clvmodels.validation.validate_transactions",
        "clvmodels.audit.audit_transactions"),
       _NB[0], "The minimal input is a **transaction log**: customer id, date, amount"),
    Concept(key="purchase_behaviour_reference", name_en="Purchase-behaviour reference",
            name_zh="顾客购买行为参考系统", section="1", source="002", formula="",
            functions=("clvmodels.reports.record_scores", "clvmodels.reports.merge_scores"),
            notebook=None, anchor="customer-scores", excerpt="a purchase-behaviour reference"),
    # 2. RFM
    _c("rfm_summary", "RFM summary for the models", "概率模型的 RFM 汇总表", "2", "002",
       r"$(x,\ t_x,\ T,\ \bar m)$",
       ("clvmodels.features.rfm_summary",),
       _NB[2], "Probabilistic-model summary (BTYD convention)"),
    _c("rfm_scores", "RFM scores", "RFM 评分", "2", "002",
       r"$R,\ F,\ M \in \{1,\dots,5\}$",
       ("clvmodels.features.rfm_scores",),
       _NB[1], "Scoring: R, F, M scores 1..5 by quantile"),
    _c("rfm_segments", "RFM segments", "RFM 客户细分", "2", "002", "",
       ("clvmodels.features.rfm_segments", "clvmodels.features.segment_of"),
       _NB[1], "Named segments: the widely used 11-segment table"),
    # 3. Customer lifetime value
    _c("calibration_holdout", "Calibration/holdout validation", "校准期与验证期检验", "3", "001",
       "",
       ("clvmodels.features.calibration_holdout_split", "clvmodels.models.evaluate"),
       _NB[2], "Validation: calibration/holdout split"),
    _c("transaction_models", "Transaction models (BG/NBD, Pareto/NBD, MBG/NBD)",
       "交易次数模型（BG/NBD、Pareto/NBD、MBG/NBD）", "3", "001",
       r"$E[X(t) \mid x, t_x, T]$",
       ("clvmodels.models.BetaGeoModel", "clvmodels.models.ParetoNBDModel",
        "clvmodels.models.ModifiedBetaGeoModel", "clvmodels.models.transaction_model"),
       _NB[2], "BG/NBD (and Pareto/NBD, MBG/NBD) for the number of future transactions"),
    _c("p_alive", "Probability alive", "存活概率", "3", "001",
       r"$P(\tau > T \mid x, t_x, T)$",
       ("clvmodels.models.BetaGeoModel.probability_alive",
        "clvmodels.models.probability_alive_history"),
       _NB[2], "the probability the customer is still alive"),
    _c("gamma_gamma", "Gamma-Gamma spend model", "伽马-伽马消费金额模型", "3", "001",
       r"$E[M \mid \bar m, x]$",
       ("clvmodels.models.GammaGammaModel",),
       _NB[2], "Gamma-Gamma for the expected spend per transaction"),
    _c("probabilistic_clv", "Probabilistic CLV", "概率型客户终身价值", "3", "001",
       r"$\mathrm{CLV} = \mathrm{DERT} \times m\,E[M]$",
       ("clvmodels.economics.customer_lifetime_value",
        "clvmodels.models.BetaGeoModel.discounted_expected_purchases"),
       _NB[2], "CLV = discounted expected transactions x expected margin per transaction"),
    # 4. Value frameworks
    _c("customer_pyramid", "Customer pyramid", "客户金字塔", "4", "003",
       r"$5\% + 15\% \,/\, 30\% \,/\, 50\%$",
       (_SEG + "customer_pyramid", _SEG + "CustomerPyramid"),
       _NB[3], "Customer pyramid 客户金字塔 (003)"),
    _c("pareto_rule", "80/20 and 20/80/30 rule (whale curve)",
       "二八定律与 20/80/30 定律（鲸鱼曲线）", "4", "001, 003, 004", "",
       (_SEG + "pareto_segments", _SEG + "pareto_summary", _SEG + "whale_curve"),
       _NB[3], "80/20 and 20/80/30 rule (001, 003, 004)"),
    _c("value_grid", "Value-verification grid", "客户价值核定模型", "4", "001", "",
       (_SEG + "value_grid", _SEG + "ValueGrid"),
       _NB[3], "Value-verification grid 客户价值核定模型 (001)"),
    _c("value_loyalty", "Value x loyalty matrix", "价值-忠诚矩阵", "4", "001", "",
       (_SEG + "value_loyalty_matrix",),
       _NB[3], "Value x loyalty (Kelly & Julie 1999, 001)"),
    _c("value_response", "Value x response matrix", "价值-响应矩阵", "4", "001", "",
       (_SEG + "value_response_matrix",),
       _NB[3], "Value x response (Robert & Paul 1997, 001)", needs=("contacts",)),
    _c("current_potential", "Current x potential value", "当前价值-潜在价值矩阵", "4", "001", "",
       (_SEG + "current_potential_matrix",),
       _NB[3], "Current x potential value (001, 3.2)"),
    _c("volume_profit", "Volume x profit matrix", "销量-利润矩阵", "4", "001", "",
       (_SEG + "volume_profit_matrix",),
       _NB[3], "Volume x profit (001, 3.1)", needs=("transactions.cost|margin",)),
    _c("direct_indirect", "Direct x indirect function", "直接功能-间接功能矩阵", "4", "001", "",
       (_SEG + "direct_indirect_matrix",),
       _NB[3], "Direct x indirect function (Achim, Tomas & Hans 2001, 001)",
       needs=("referrals",)),
    _c("loyalty_matrix", "Loyalty matrix", "忠诚分类矩阵", "4", "000", "",
       (_SEG + "loyalty_matrix",),
       _NB[3], "Loyalty matrix 忠诚分类矩阵 (000)", more=("loyal-customer identification",),
       needs=("surveys",)),
    _c("lifecycle_stage", "Lifecycle stage", "客户生命周期阶段", "4", "000, 001, 004", "",
       (_SEG + "lifecycle_stage",),
       _NB[3], "Lifecycle / loyalty stage (000, 001, 004)"),
    _c("value_indicator", "Value indicator system", "价值评价指标体系", "4", "001",
       r"$S = \sum_j w_j\, s_j \in [0, 100]$",
       (_SEG + "value_indicator_score", _SEG + "ValueIndicatorScore"),
       _NB[3], "Value indicator system 价值评价指标体系 (001)"),
    _c("clustering", "Clustering", "聚类细分", "4", "002", "",
       (_SEG + "cluster_customers", _SEG + "RFMClustering", _SEG + "cluster_profile"),
       _NB[5], "Clustering (segmentation by behaviour and demographics, 002)"),
    # 5. Churn warning
    _c("churn_palive", "Model-based churn signal", "模型预警（存活概率）", "5", "002, 003",
       r"$P(\mathrm{alive}) < \theta$",
       (_CHURN + "palive_signal", _CHURN + "churn_warning"),
       _NB[4], "Model-based: P(alive) from BG/NBD below a threshold",
       more=("a churn warning system (顾客流失警示系统)",)),
    _c("churn_overdue", "Abnormal purchase behaviour (overdue)", "购买行为异常（超出购买周期）",
       "5", "002, 003", r"$s > k\,\bar c$",
       (_CHURN + "overdue_signal", _CHURN + "regular_overdue_signal"),
       _NB[4], "Rule-based abnormal behaviour",
       more=("alerts on abnormal purchase behaviour",)),
    _c("churn_supervised", "Supervised churn model", "监督学习流失预警", "5", "002, 003", "",
       (_CHURN + "SupervisedChurnModel", _CHURN + "churn_features"),
       _NB[4], "Supervised: features from a calibration window predict"),
    _c("churn_evaluation", "Churn signals evaluated on a later window", "流失预警的后续窗口评估",
       "5", "002, 003", "",
       (_CHURN + "evaluate_churn_scores",),
       _NB[4], "evaluated on a later window (AUC, precision at top k, lift)"),
    _c("winback", "Win-back list", "流失客户挽回名单", "5", "002, 003", "",
       (_CHURN + "winback_list",),
       _NB[4], "dormant customers can be won back"),
    # 6. Customer economics
    _c("annual_sales", "Annual sales", "年销售额", "6", "001",
       r"$S = N \times r \times f \times 12 \times \bar v$",
       (_ECON + "annual_sales", _ECON + "observed_economics"),
       _NB[7], "Annual sales = customers x retention rate x average monthly transactions"),
    _c("delivered_value", "Customer delivered value", "客户让渡价值", "6", "001",
       r"$V_c = F_c - C_c$",
       (_ECON + "customer_delivered_value",),
       _NB[7], "Customer delivered value = total customer value - total customer cost"),
    _c("expected_lifetime", "Retention and expected lifetime", "客户保持率与平均客户生命周期",
       "3", "001", r"$L = 1/(1-r)$",
       (_ECON + "expected_lifetime",),
       _NB[7], "with annual retention r the expected lifetime is 1/(1-r)"),
    _c("margin_clv", "Margin CLV (Rust)", "客户终身价值（边际利润模型）", "3", "001",
       r"$\mathrm{CLV} = \sum_{t \ge 0} m\,r^t/(1+d)^t = m(1+d)/(1+d-r)$",
       (_ECON + "margin_clv",),
       _NB[7], "Simple margin model: CLV = sum_t m * r^t / (1+d)^t",
       more=("Rust's CLV: the present value of future margins over the relationship",)),
    _c("retention_sensitivity", "Retention sensitivity", "客户保持率敏感性", "6", "001",
       r"$r \to r + 0.05$",
       (_ECON + "retention_sensitivity", _ECON + "clv_retention_grid"),
       _NB[7], "Retention sensitivity: effect on profit and CLV of +5 points of retention"),
    _c("acquisition_npv", "Acquiring a key customer: NPV, payback, IRR",
       "获取关键客户：净现值、投资回收期、内部收益率", "6", "001",
       r"$\mathrm{NPV} = \sum_t C_t/(1+d)^t$",
       (_ECON + "npv", _ECON + "payback_period", _ECON + "irr"),
       _NB[7], "NPV, payback period and IRR of the expected cash flows"),
    _c("rules_of_thumb", "Rules of thumb (6x, word of mouth)", "经验法则（6 倍成本、口碑效应）",
       "6", "000, 001", r"$c_{\mathrm{acq}} = 6\,c_{\mathrm{ret}}$",
       (_ECON + "acquisition_cost_from_retention_cost", _ECON + "word_of_mouth"),
       _NB[7], "Rules of thumb quoted as parameters: acquisition costs 6x retention"),
    # CONCEPTS.md names the key-customer decision; source 001 evaluates it "by NPV, ROI and
    # payback" (净现值、投资回报率、投资回收期).
    _c("roi", "Return on investment (ROI)", "投资回报率", "6", "001",
       r"$\mathrm{ROI} = (R - I)/I$",
       (_ECON + "roi",),
       _NB[7], "Acquiring a new key customer"),
    _c("customer_profitability", "Customer profitability (activity-based costing)",
       "客户盈利能力（作业成本法）", "6", "001",
       r"$\pi = R - C_{\mathrm{goods}} - C_{\mathrm{serve}} - R\,k\,D/365$",
       (_ECON + "customer_profitability",),
       _NB[7], "Customer profitability: revenue minus cost to serve (activity-based costing)"),
    # 7. Comparing segmentations
    _c("segment_sizes", "Segment sizes and value shares", "细分群体规模与价值占比", "7", "", "",
       (_CMP + "segment_summary", _CMP + "segment_table"),
       _NB[6], "sizes, value shares"),
    _c("segment_agreement", "Agreement between segmentations", "细分结果一致性", "7", "",
       r"$\mathrm{ARI},\ \mathrm{NMI}$",
       (_CMP + "agreement", _CMP + "agreement_table", _CMP + "crosstab"),
       _NB[6], "agreement (adjusted Rand index, normalized mutual information, cross-tabulation)"),
    _c("value_capture", "Holdout value captured by top segments", "最高价值群体获取的验证期价值",
       "7", "", "",
       (_CMP + "value_capture", _CMP + "holdout_value"),
       _NB[6], "how much holdout value each top segment captures"),
    _c("segment_migration", "Segment migration", "客户群体迁移", "7", "", "",
       (_CMP + "segment_migration", _CMP + "migration_matrix"),
       _NB[6], "how customers migrate between segments from one period to the next"),
)

_BY_KEY = {c.key: c for c in CONCEPTS}


def concept(key: str) -> Concept:
    """The concept ``key`` of :data:`CONCEPTS` (ParameterError if there is none)."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ParameterError(f"no concept {key!r}; known: {', '.join(_BY_KEY)}") from None


def resolve(dotted: str) -> Any:
    """The object a dotted name refers to, importing its module on demand.

    Parameters
    ----------
    dotted : str
        E.g. ``"clvmodels.segmentation.customer_pyramid"`` or a method,
        ``"clvmodels.models.BetaGeoModel.probability_alive"``.

    Returns
    -------
    object
        The function, class or attribute.

    Raises
    ------
    ImportError
        When no prefix of ``dotted`` is an importable module, or an attribute is missing.
    """
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        module_name = ".".join(parts[:i])
        try:
            obj: Any = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # only "this prefix is not a module" moves on; a broken import inside it is raised
            if exc.name is not None and module_name.startswith(exc.name) and (
                    exc.name == module_name or module_name.startswith(exc.name + ".")):
                continue
            raise
        for attr in parts[i:]:
            try:
                obj = getattr(obj, attr)
            except AttributeError:
                raise ImportError(f"cannot resolve {dotted!r}: {attr!r} not found") from None
        return obj
    raise ImportError(f"cannot resolve {dotted!r}: no module")


def _select(section: str | None) -> tuple[Concept, ...]:
    if section is None:
        return CONCEPTS
    section = str(section)
    if section not in SECTIONS:
        raise ParameterError(f"section={section!r} is not a section of CONCEPTS.md; "
                             f"use one of {', '.join(SECTIONS)}")
    return tuple(c for c in CONCEPTS if c.section == section)


def _on_data(c: Concept, data: Any, lang: str) -> str:
    missing = c.missing(data)
    if not missing:
        return "✓"
    what = label("crm_list_separator", lang).join(
        label(_NEED_LABELS.get(m, m), lang) for m in missing)
    return say("concepts_needs", lang, what=what)


def concept_table(lang: str = "en", *, link: bool = True, section: str | None = None,
                  data: Any = None) -> pd.DataFrame:
    """The concept map as a table in ``lang``: one row per concept.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"
        Language of the column names, concept names, rules and page names.
    link : bool, default True
        Cells in Markdown: the report section as a link ``[page](NN_name.html#concept-<key>)``,
        functions as ``code``, the other language's name as ``code`` on the Chinese page (so the
        page reads as Chinese). False: plain text, the link target itself in the section column.
    section : str, optional
        Only the concepts of this section of CONCEPTS.md (``"1"`` to ``"7"``).
    data : CRMDatabase, optional
        Adds a column saying whether the concept can be computed on ``data`` (✓) or which table
        it needs.

    Returns
    -------
    pandas.DataFrame
        Indexed by concept key; columns (labelled in ``lang``): concept, formula or rule,
        functions, source text, report section [, on this data].
    """
    check_lang(lang)
    other = "zh" if lang == "en" else "en"
    rows = []
    for c in _select(section):
        alongside = c.name(other)
        if link and lang == "zh":
            alongside = f"`{alongside}`"
        formula = " — ".join(p for p in (c.formula, c.rule(lang)) if p)
        if link:
            functions = "<br>".join(f"`{f}`" for f in c.functions)
            page = f"[{c.page_name(lang)}]({c.link})"
        else:
            functions = ", ".join(c.functions)
            page = c.link
        row = {
            label("concepts_col_concept", lang): (f"{c.name(lang)}（{alongside}）" if lang == "zh"
                                                   else f"{c.name(lang)} ({alongside})"),
            label("concepts_col_formula", lang): formula,
            label("concepts_col_functions", lang): functions,
            label("concepts_col_source", lang): c.source or "–",
            label("concepts_col_section", lang): page,
        }
        if data is not None:
            row[label("concepts_col_on_data", lang)] = _on_data(c, data, lang)
        rows.append(row)
    index = pd.Index([c.key for c in _select(section)], name="key")
    return pd.DataFrame(rows, index=index)


def concept_markdown(lang: str = "en", *, section: str | None = None, data: Any = None) -> str:
    """The concept map as a Markdown table with links to the report sections.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"
        Language of the table.
    section : str, optional
        Only the concepts of this section of CONCEPTS.md.
    data : CRMDatabase, optional
        Adds the column saying whether each concept can be computed on ``data``.

    Returns
    -------
    str
        A pipe table (``| ... |``) for ``IPython.display.Markdown``.
    """
    table = concept_table(lang, link=True, section=section, data=data)

    def cell(value: Any) -> str:
        return str(value).replace("|", r"\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in table.columns) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |"
              for row in table.itertuples(index=False)]
    return "\n".join(lines)


def data_tables(data: Any, lang: str = "en") -> str:
    """The tables ``data`` (a CRM database) has, named in ``lang``, e.g. ``"transactions"``."""
    names = [label(f"crm_table_{t}", lang) for t in data.tables()]
    return label("crm_list_separator", lang).join(names)


def data_note(data: Any, lang: str = "en") -> str:
    """One line on the run's data: its tables and how many concepts need a table it lacks."""
    n_missing = sum(bool(c.missing(data)) for c in CONCEPTS)
    return say("concepts_data_line", lang, name=data.name, tables=data_tables(data, lang),
               n_missing=n_missing, n=len(CONCEPTS))
