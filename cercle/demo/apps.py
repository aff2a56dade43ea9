from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cercle.demo"
    label = "demo"
