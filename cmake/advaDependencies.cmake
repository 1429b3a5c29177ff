# Dependencies of the adva targets: adva::adva (Eigen, nlohmann_json, Boost headers, TBB), adva::core
# (OpenSSL libcrypto), adva::lp (Clp through pkg-config), adva::io (libxlsxwriter, libzip and expat
# through pkg-config: scoring sheets as workbooks). Included by the build and by the installed
# package config, so a consumer's find_package(adva) resolves exactly what the build used.
include(CMakeFindDependencyMacro)
find_dependency(Eigen3 3.4 NO_MODULE)
find_dependency(nlohmann_json 3.11)
find_dependency(Boost 1.74)
find_dependency(TBB)
find_dependency(OpenSSL COMPONENTS Crypto)
find_dependency(PkgConfig)
if(NOT TARGET PkgConfig::adva_clp_pc)
  pkg_check_modules(adva_clp_pc REQUIRED IMPORTED_TARGET GLOBAL clp)
endif()
if(NOT TARGET PkgConfig::adva_xlsxwriter_pc)
  pkg_check_modules(adva_xlsxwriter_pc REQUIRED IMPORTED_TARGET GLOBAL xlsxwriter)
endif()
if(NOT TARGET PkgConfig::adva_zip_pc)
  pkg_check_modules(adva_zip_pc REQUIRED IMPORTED_TARGET GLOBAL libzip)
endif()
if(NOT TARGET PkgConfig::adva_expat_pc)
  pkg_check_modules(adva_expat_pc REQUIRED IMPORTED_TARGET GLOBAL expat)
endif()
