# [SECTION] Index
# - Install rules: what goes where (DESIGN.md, "Installed layout"; docs/PACKAGING.md)
# - Package files: copyright and changelog as Debian wants them, generated at build time
# - CPack DEB: two packages from one build, `kiosk` and `kiosk-intake`; `make package`
# The version is PROJECT_VERSION (the top-level project()): the same string is compiled in (KIOSK_VERSION,
# `kiosk --version`, the heartbeat, the staff dashboard) and written into the package names.
include(GNUInstallDirs)
# cpack (and the install test, which runs it inside CTest) installs what is built; it must not start a build
# of everything first. `make package` builds before it packages.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

# Debian 12 keeps units and udev rules in /lib (lintian warns about units elsewhere).
set(KIOSK_UNIT_DIR /lib/systemd/system)
set(KIOSK_UDEV_DIR /lib/udev/rules.d)
set(KIOSK_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/kiosk)
set(INTAKE_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/kiosk-intake)
set(PKG_SRC ${PROJECT_SOURCE_DIR}/packaging)
set(PKG_GEN ${PROJECT_BINARY_DIR}/packaging)

# [SECTION] Install rules
# component `kiosk`: the kiosk, its assets, its conffile, units and udev rules
install(TARGETS kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
if(TARGET kiosk-reader-sim)   # the ID-card reader simulator (installer checks without a reader)
  install(TARGETS kiosk-reader-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/catalog ${PROJECT_SOURCE_DIR}/assets/i18n
        DESTINATION ${KIOSK_SHARE_DIR} COMPONENT kiosk)
install(FILES ${PKG_SRC}/kiosk.toml DESTINATION /etc/kiosk PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
        COMPONENT kiosk)
install(FILES ${PKG_SRC}/systemd/kiosk.service DESTINATION ${KIOSK_UNIT_DIR} COMPONENT kiosk)
install(FILES ${PKG_SRC}/udev/70-kiosk-devices.rules DESTINATION ${KIOSK_UDEV_DIR} COMPONENT kiosk)

# component `intake`: the station's server, the catalog it validates against, the desk console's files
install(TARGETS kiosk-intake RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT intake)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/catalog DESTINATION ${INTAKE_SHARE_DIR} COMPONENT intake)
if(EXISTS ${PROJECT_SOURCE_DIR}/assets/desk)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/desk DESTINATION ${INTAKE_SHARE_DIR} COMPONENT intake)
endif()
install(FILES ${PKG_SRC}/kiosk-intake.default DESTINATION /etc/default RENAME kiosk-intake COMPONENT intake)
install(FILES ${PKG_SRC}/systemd/kiosk-intake.service DESTINATION ${KIOSK_UNIT_DIR} COMPONENT intake)

# [SECTION] Package files
# Policy wants /usr/share/doc/PKG/copyright, a changelog.gz (native package) and a manual page per
# binary in every package; gzip -n
# keeps the build reproducible (no time stamp in the header).
find_program(GZIP gzip REQUIRED)
foreach(pkg kiosk kiosk-intake)
  if(pkg STREQUAL "kiosk")
    set(comp kiosk)
  else()
    set(comp intake)
  endif()
  configure_file(${PKG_SRC}/debian/changelog.in ${PKG_GEN}/${pkg}/changelog @ONLY)
  # At configure time, so that cpack alone (no build) finds it.
  execute_process(COMMAND ${GZIP} -9nf -k ${PKG_GEN}/${pkg}/changelog RESULT_VARIABLE gz_rc)
  if(NOT gz_rc EQUAL 0)
    message(FATAL_ERROR "gzip of ${PKG_GEN}/${pkg}/changelog failed")
  endif()
  install(FILES ${PKG_SRC}/debian/copyright ${PKG_GEN}/${pkg}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${comp})
  configure_file(${PKG_SRC}/man/${pkg}.1 ${PKG_GEN}/${pkg}/${pkg}.1 COPYONLY)
  execute_process(COMMAND ${GZIP} -9nf -k ${PKG_GEN}/${pkg}/${pkg}.1)
  install(FILES ${PKG_GEN}/${pkg}/${pkg}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${comp})
  configure_file(${PKG_SRC}/debian/${pkg}/postinst ${PKG_GEN}/${pkg}/control/postinst @ONLY)
  foreach(script prerm postrm conffiles)
    if(EXISTS ${PKG_SRC}/debian/${pkg}/${script})
      configure_file(${PKG_SRC}/debian/${pkg}/${script} ${PKG_GEN}/${pkg}/control/${script} COPYONLY)
    endif()
  endforeach()
endforeach()
file(GLOB KIOSK_CONTROL ${PKG_GEN}/kiosk/control/*)
file(GLOB INTAKE_CONTROL ${PKG_GEN}/kiosk-intake/control/*)

# [SECTION] CPack DEB
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Qinghe Station IT <it@qinghe-station.invalid>")
set(CPACK_PACKAGE_VENDOR "Qinghe Community Police Office")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk intake)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # NAME_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://qinghe-station.invalid/kiosk")

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME kiosk)
set(CPACK_DEBIAN_KIOSK_PACKAGE_SECTION misc)
# Beyond the libraries SHLIBDEPS finds: the fonts, the pinyin dictionary, the voice, the compositor and the
# X server inside it (GLFW is Debian's X11 build; cage starts Xwayland for it), adduser for postinst.
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "adduser, fonts-noto-cjk, fonts-fork-awesome, rime-data-luna-pinyin, friso-dict, espeak-ng, cage, xwayland, libgl1-mesa-dri")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "cups-client")
# Synopsis, then the extended description (CPack indents its lines itself).
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "self-service kiosk for community police stations
The touch-screen terminal of a community police station: residents pick a
service, are guided through what to bring and what to fill in, and get a
printed ticket. Requests are stored encrypted on the kiosk and uploaded over
mutual TLS to the station's intake server. Runs under the cage compositor on
tty1, supervised by systemd's watchdog.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA "${KIOSK_CONTROL}")

set(CPACK_DEBIAN_INTAKE_PACKAGE_NAME kiosk-intake)
set(CPACK_DEBIAN_INTAKE_PACKAGE_SECTION net)
set(CPACK_DEBIAN_INTAKE_PACKAGE_DEPENDS "adduser")
set(CPACK_COMPONENT_INTAKE_DESCRIPTION "intake server for community police station kiosks
Receives the requests the station's kiosks upload (HTTPS with mutual TLS),
validates them again, stores them sealed, and serves the officers' desk
console.")
set(CPACK_DEBIAN_INTAKE_PACKAGE_CONTROL_EXTRA "${INTAKE_CONTROL}")

include(CPack)
