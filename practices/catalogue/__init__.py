"""The public catalogue and the knowledge base (F-CAT-1 … F-CAT-4, F-REPORT-4).

- ``query``: what the URL asks, the public set it filters, the replication and «Полезно» figures;
- ``facets``: facet counts (one query) and the filters' options;
- ``search``: Russian full-text search, highlighted fragments, suggestions, one page of results;
- ``digest``: the home page's figures and the monthly digest's data;
- ``services``: «Полезно», the digest subscription, sending the monthly digest;
- ``forms``, ``views``: the pages (their URLs are in ``practices/urls.py``).

The models stay in ``practices/models_catalogue.py`` (re-exported from ``practices.models``).
"""
