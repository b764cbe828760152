"""Reports: the notebooks run through papermill into offline pages, an index, all published at once.

- `jobs`: which notebook with which parameters (`Job`), run in parallel kernels (`run_jobs`);
- `html`: an executed notebook as a page (outputs only, offline, linked to the index, stamped);
- `index`: each report's title and one-line finding, and `index.html`;
- `publish`: a set built in a temporary sibling folder and swapped into place whole;
- `stamp`: package version, data digest and date of the data, on every page.
"""
from .html import to_html
from .index import PROFILE, title_and_summary, write_index
from .jobs import (KERNEL, KERNEL_ARGUMENTS, KERNEL_SHUTDOWN, NOTEBOOK_DIR, Job, Progress, Result, all_jobs,
                   available_notebooks, check_parameter_names, execute, in_place_jobs, kernel_config,
                   notebook_parameters, resolve_notebook, run_jobs)
from .publish import check_destination, staged
from .stamp import stamp

__all__ = ["KERNEL", "KERNEL_ARGUMENTS", "KERNEL_SHUTDOWN", "NOTEBOOK_DIR", "PROFILE", "Job", "Progress", "Result",
           "all_jobs", "available_notebooks", "check_destination", "check_parameter_names", "execute",
           "in_place_jobs", "kernel_config", "notebook_parameters", "resolve_notebook", "run_jobs", "stamp",
           "staged", "title_and_summary", "to_html", "write_index"]
