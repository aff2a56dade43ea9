"""`cercle serve`: Cercle behind gunicorn, a production-grade WSGI server."""

import multiprocessing
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from cercle.project.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve Cercle with gunicorn (static files included, via WhiteNoise)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count() * 2 + 1)
        parser.add_argument("--threads", type=int, default=1)
        parser.add_argument("--access-log", action="store_true", help="Log each request.")
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background worker (run `cercle db_worker` elsewhere).",
        )

    def handle(
        self,
        *args,
        host: str,
        port: int,
        workers: int,
        threads: int,
        access_log: bool,
        no_collectstatic: bool,
        no_worker: bool,
        **options,
    ) -> None:
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Cercle is served on http://{host}:{port}/ (Ctrl+C to stop)")
        # Emails, imports and rollups run in a worker beside the web server, so that the
        # embedded default needs no other service; it stops with the server.
        worker = periodic = digests = rituals = None
        if not no_worker:
            worker = subprocess.Popen(
                [sys.executable, "-m", "cercle", "db_worker", "--queue-name", "*", "--no-reload"]
            )
            # Periodic work: event reminders and recurring events, every five minutes.
            periodic = subprocess.Popen(
                [sys.executable, "-m", "cercle", "send_event_reminders", "--every", "300"]
            )
            # Digests when they are due, and scheduled newsletters, every five minutes.
            digests = subprocess.Popen(
                [sys.executable, "-m", "cercle", "send_digests", "--every", "300"]
            )
            # Rituals: the topics that are due (weekly introductions...), every five minutes.
            rituals = subprocess.Popen(
                [sys.executable, "-m", "cercle", "run_rituals", "--every", "300"]
            )
        try:
            self._run_gunicorn(host, port, workers, threads, access_log)
        finally:
            for process in (worker, periodic, digests, rituals):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)

    def _run_gunicorn(
        self, host: str, port: int, workers: int, threads: int, access_log: bool
    ) -> None:
        _Gunicorn(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "accesslog": "-" if access_log else None,
                "errorlog": "-",
                "preload_app": True,
                "timeout": 60,
            }
        ).run()
