"""Background work of the connectors: importing an archive an animator uploaded."""

from django_tasks import task

from cercle.connectors import jobs
from cercle.connectors.models import ImportJob


@task()
def run_import_job(job_id: int) -> str:
    """Import the upload of ImportJob `job_id`; returns the job's state."""
    job = ImportJob.objects.select_related("community", "started_by").filter(pk=job_id).first()
    if job is None:  # the community was deleted in the meantime
        return "gone"
    return jobs.run_import_job(job).state
