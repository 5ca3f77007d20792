"""Demo data shared by every app's demo.py: the known password and the demo users' e-mails."""

DEMO_PASSWORD = "smarteka-demo-2026"
DEMO_REGION_CODE = "28"  # Амурская область
OTHER_REGION_CODE = "16"  # Республика Татарстан
