# Shared by scripts/run and scripts/test: a project-local virtual environment,
# (re)installed from pyproject.toml only when that file changed.
install_project() {
    local extras="$1"
    local python="${PYTHON:-python3}"
    if [ ! -x .venv/bin/python ]; then
        "$python" -m venv .venv
        .venv/bin/pip install --quiet --upgrade pip
    fi
    local stamp=".venv/.installed${extras}"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        echo "Installing Alliance${extras} into .venv ..."
        .venv/bin/pip install --quiet --disable-pip-version-check -e ".${extras}" 2>&1 \
            | grep -v "^WARNING: Location" || true
        .venv/bin/python -c "import alliance" 
        touch "$stamp"
    fi
}
