#!/usr/bin/env bash
# Builds the container image's base image as a docker-archive tar, without a Docker engine and without pulling
# anything: a jlink-ed Java runtime made from the build JDK, the shared libraries it links against (as ldd finds them
# on the build machine: glibc, zlib, libstdc++, freetype ...), /etc/passwd with the unprivileged user sheetflow
# (1000:1000), /tmp, and the data directory /var/lib/sheetflow owned by that user. Its config carries the user, the
# environment and a HEALTHCHECK, which Jib keeps when it puts the application on top (pom.xml, profile "image").
# Reproducible: fixed modification times, sorted entries, numeric owners.
#
#   src/image/build-base-image.sh <JDK home> <output directory>   -> <output directory>/base-image.tar
set -euo pipefail

jdk=${1:?JDK home}
out=${2:?output directory}
root="$out/rootfs"
owned="$out/owned"
rm -rf "$root" "$owned" "$out/base" "$out/parents"
mkdir -p "$root" "$owned" "$out/base"

# Java SE plus the JDK modules the libraries use at run time (Netty: jdk.unsupported, jdk.net; Micronaut and
# Micrometer: jdk.jfr, jdk.management; TLS: jdk.crypto.ec, jdk.crypto.cryptoki; DNS, zip file systems, charsets).
modules=java.se,jdk.unsupported,jdk.net,jdk.jfr,jdk.management,jdk.management.jfr,jdk.crypto.ec,jdk.crypto.cryptoki
modules=$modules,jdk.zipfs,jdk.naming.dns,jdk.charsets,jdk.localedata,jdk.security.auth,jdk.security.jgss
"$jdk/bin/jlink" \
  --add-modules "$modules" \
  --include-locales=en --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$root/opt/java"
# The image is headless: the X11, sound and splash-screen libraries are never loaded.
rm -f "$root"/opt/java/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound}.so

# Every library the runtime's executables and libraries link against, at the path the loader resolved it to.
# libjvm.so is found through the runtime's own search path ($ORIGIN) when the JVM runs.
libraries=$(for f in "$root"/opt/java/bin/* "$root"/opt/java/lib/*.so "$root"/opt/java/lib/server/libjvm.so; do
  ldd "$f"
done | awk -v root="$root" '
  index($3, root) == 1 { next }
  $2 == "=>" && $3 == "not" && $1 != "libjvm.so" { print "MISSING " $1; next }
  $2 == "=>" && $3 ~ /^\// { print $3; next }
  $1 ~ /^\// { print $1 }' | sort -u)
if grep -q '^MISSING' <<<"$libraries"; then
  echo "build-base-image: libraries not found on this machine: $(grep '^MISSING' <<<"$libraries" | tr '\n' ' ')" >&2
  exit 1
fi
for lib in $libraries; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

mkdir -p "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$owned/home/sheetflow" "$owned/var/lib/sheetflow"
chmod 1777 "$root/tmp"
chmod 0750 "$owned/home/sheetflow" "$owned/var/lib/sheetflow"
printf 'root:x:0:0:root:/root:/sbin/nologin\nsheetflow:x:1000:1000:Sheetflow:/home/sheetflow:/sbin/nologin\n' \
  > "$root/etc/passwd"
printf 'root:x:0:\nsheetflow:x:1000:\n' > "$root/etc/group"

layer="$out/base/layer.tar"
tar_options=(--sort=name --mtime=@0 --numeric-owner --format=gnu)
tar --create --file "$layer" "${tar_options[@]}" --owner=0 --group=0 -C "$root" .
# /home, /var and /var/lib themselves (root's, 0755), then the user's own folders in them.
mkdir -p "$out/parents/var/lib" "$out/parents/home"
tar --append --file "$layer" "${tar_options[@]}" --owner=0 --group=0 --no-recursion -C "$out/parents" ./home ./var ./var/lib
tar --append --file "$layer" "${tar_options[@]}" --owner=1000 --group=1000 -C "$owned" ./home/sheetflow ./var/lib/sheetflow
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)

# A Docker image config (the OCI format has no health check). Durations in nanoseconds.
cat > "$out/base/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"1000:1000","WorkingDir":"/home/sheetflow",
  "Env":["PATH=/opt/java/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
  "Healthcheck":{"Test":["CMD","/opt/java/bin/java","-XX:TieredStopAtLevel=1","-XX:+UseSerialGC","-Xmx32m",
    "-XX:-UsePerfData","-cp","/app/classes","io.sheetflow.health.HealthProbe"],
   "Interval":30000000000,"Timeout":10000000000,"StartPeriod":60000000000,"Retries":3}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"src/image/build-base-image.sh"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["sheetflow-base:local"],"Layers":["layer.tar"]}]\n' > "$out/base/manifest.json"
tar --create --file "$out/base-image.tar" "${tar_options[@]}" --owner=0 --group=0 -C "$out/base" manifest.json config.json layer.tar
echo "build-base-image: $out/base-image.tar (layer sha256:$diff_id, $(du -sh "$root" | cut -f1) runtime and libraries)"
