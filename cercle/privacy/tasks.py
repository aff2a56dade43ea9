"""Background work of personal data: building a member's archive (it can hold many files)."""

from django_tasks import task

from cercle.privacy import actions
from cercle.privacy.models import DataExport, ExportStatus


@task()
def build_data_export(export_id: int) -> int:
    """Build the archive of DataExport `export_id`; returns its size in bytes."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None:  # the account was deleted in the meantime
        return 0
    try:
        return actions.build_export(export).size
    except Exception:
        DataExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED)
        raise
