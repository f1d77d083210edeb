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

# The translation catalogs (src/alliance/locale/*/LC_MESSAGES/django.po) compiled to the
# .mo files Django reads at run time; only those whose .po changed. Needs GNU gettext's
# msgfmt (Debian: apt-get install gettext); without it the site serves English.
compile_catalogs() {
    if ! command -v msgfmt >/dev/null 2>&1; then
        echo "msgfmt not found (apt-get install gettext): pages stay in English." >&2
        return 0
    fi
    local po mo
    for po in src/alliance/locale/*/LC_MESSAGES/django.po; do
        [ -f "$po" ] || continue
        mo="${po%.po}.mo"
        if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
            msgfmt --check -o "$mo" "$po"
        fi
    done
}
