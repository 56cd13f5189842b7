"""site_gen: a static report-site generator for budget-performance disclosures (预算绩效信息公开).

Data flows one way: load (yamlsrc → validate → load) → pages → render (html, pdf) → write,
orchestrated by `pipeline`; `cli` is the command line on top.
"""

__version__ = "0.1.0"
