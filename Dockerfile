FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e . 2>/dev/null || true
COPY . .
RUN pip install --no-cache-dir -e .
RUN useradd -m smarteka && mkdir -p /data/media /data/static && chown -R smarteka /data
USER smarteka
EXPOSE 8000
