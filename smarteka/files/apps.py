from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "smarteka.files"
    label = "files"
    verbose_name = "Файлы"
