from django.apps import AppConfig


class PluginsConfig(AppConfig):
    name = "motcua.plugins"
    label = "plugins"
