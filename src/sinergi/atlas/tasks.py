"""Background work: uploaded imports run in the django-tasks worker (``sinergi serve`` starts
one), so a large file never holds a web request. Thin wrappers around services."""

from __future__ import annotations

import logging

from django_tasks import task

from sinergi.atlas.importing import values_import
from sinergi.atlas.models import BatchStatus, ImportBatch
from sinergi.atlas.services import import_batch_finish
from sinergi.core.access import principal_for

logger = logging.getLogger(__name__)


@task()
def import_run(batch_id: int) -> str:
    """Process an uploaded file; the outcome is on the batch (and returned)."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.finished:
        return str(batch.status)
    try:
        with batch.upload.open("rb") as handle:
            data = handle.read()
        finished = values_import(batch=batch, data=data, principal=principal_for(batch.created_by))
    except Exception as error:  # a bug, not bad input: record it, then let the worker log it
        logger.exception("import %s failed", batch_id)
        import_batch_finish(batch=batch, status=BatchStatus.FAILED, detail=type(error).__name__)
        raise
    return str(finished.status)
