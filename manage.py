#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smarteka.settings")
    if len(sys.argv) > 1 and sys.argv[1] in {"makemigrations", "check"} and "DATABASE_URL" not in os.environ:
        # these read only the code (models and migration files): let them run without the stack
        os.environ.setdefault("SMARTEKA_DEV", "1")
        os.environ["DATABASE_URL"] = "postgresql://offline@127.0.0.1:1/smarteka"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
