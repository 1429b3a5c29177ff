#pragma once
// Shared by the CLI end-to-end tests: run the built `adva` through the shell and capture its
// exit status, standard output and standard error.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace adva::testing {

struct run_result {
    int status = -1;
    std::string out, err;
};

inline std::string read_text(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

/// Single-quotes a word for the shell.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += (c == '\'' ? std::string("'\\''") : std::string(1, c));
    return q + "'";
}

/// Runs `adva ARGUMENTS` (already shell-quoted as needed); the streams go through files in `scratch`.
inline run_result run_adva(const std::string& arguments, const std::filesystem::path& scratch) {
    const auto out = scratch / ".stdout", err = scratch / ".stderr";
    const std::string cmd = shell_quote(ADVA_CLI_PATH) + " " + arguments + " >" + shell_quote(out.string()) +
                            " 2>" + shell_quote(err.string()) + " </dev/null";
    const int raw = std::system(cmd.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_text(out), read_text(err)};
}

}  // namespace adva::testing
