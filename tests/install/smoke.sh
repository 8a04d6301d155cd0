#!/usr/bin/env bash
# Installs the build into a scratch prefix and builds a program against it with
# pkg-config, once against the shared library and once statically: proves the
# headers, libmoqt.pc and the install rules work for a user of the library.
# usage: smoke.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" > /dev/null
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# The .pc names the configured prefix; point it at the scratch one.
pc() { pkg-config --define-variable=prefix="$prefix" "$@" libmoqt; }
cat > "$prefix/use.c" <<'C'
#include <moqt/moqt.h>
#include <moqt/moqt_runtime.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    const char *name = moqt_version_str(MOQT_VERSION_DRAFT_14);
    if (name == NULL || strcmp(name, "draft-14") != 0 || moqt_version_supported(0xff000006u)) {
        return 1;
    }
    /* pulls in the TLS and QUIC side, so the dependencies must link */
    moqt_tls_config *cfg = NULL;
    if (moqt_tls_server_config_self_signed(NULL, &cfg) != 0) {
        return 1;
    }
    printf("%s %s %.16s...\n", MOQT_LIB_VERSION, name, moqt_tls_config_fingerprint(cfg));
    moqt_tls_config_del(cfg);
    return 0;
}
C
cc -std=c11 -Wall -Wextra -Werror $(pc --cflags) "$prefix/use.c" \
   -o "$prefix/use-shared" $(pc --libs)
LD_LIBRARY_PATH=$prefix/lib "$prefix/use-shared"
# Static libmoqt with its dependencies as the .pc declares them (Requires.private
# modules and Libs.private flags), those linked dynamically.
deps=$(pc --print-requires-private | cut -d' ' -f1 | tr '\n' ' ')
libs_private=$(sed -n 's/^Libs.private: //p' "$prefix/lib/pkgconfig/libmoqt.pc")
cc -std=c11 -Wall -Wextra -Werror $(pc --cflags) "$prefix/use.c" -o "$prefix/use-static" \
   "$prefix/lib/libmoqt.a" $(pkg-config --libs $deps) $libs_private
"$prefix/use-static"
