# site_gen in a container: Debian 12 (Python 3.11), Pango, the Chinese fonts, the same set-up
# script as the README. It builds the site mounted at /site:
#   docker build -t site-gen .
#   docker run --rm -v "$PWD":/site site-gen build          # output/ appears beside site.yaml
#   docker run --rm -v "$PWD":/site -p 8000:8000 site-gen serve --host 0.0.0.0
FROM debian:bookworm-slim
ENV DEBIAN_FRONTEND=noninteractive \
    PIP_BREAK_SYSTEM_PACKAGES=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/site_gen
COPY . .
RUN bash scripts/install.sh && rm -rf /var/lib/apt/lists/* /root/.cache
WORKDIR /site
ENTRYPOINT ["site-gen"]
CMD ["build"]
