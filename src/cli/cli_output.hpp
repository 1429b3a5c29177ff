#pragma once
// The output options of the commands that write files (--out, --csv, with --force): the target is
// named and checked while the arguments are read, and written only once the command has its whole
// result, so a usage error or a bad input never touches an existing file. The policy itself:
// adva/io/output.hpp.
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "adva/io/output.hpp"
#include "cli_support.hpp"

namespace adva::cli {

/// The command's input files (path, what it is) that an output must never replace.
using input_files = std::vector<std::pair<std::filesystem::path, std::string>>;

/// The file of option --NAME (nullopt without it, or for "--out -": standard output), checked now
/// against the inputs; an existing file is replaced only with --force.
inline std::optional<io::output_target> output_option(const parsed_args& p, const std::string& name, const input_files& inputs = {}) {
    const auto path = p.value(name);
    // "--out -" is standard output, as everywhere else in adva; a file named "-" is "./-".
    if (!path || (name == "out" && *path == "-")) return std::nullopt;
    io::output_target target(*path, "--" + name, p.flag("force") ? io::if_exists::replace : io::if_exists::refuse);
    for (const auto& [input, what] : inputs) target.add_input(input, what);
    target.check();
    return target;
}

/// Whether `path` is the file standard output already goes to (--out /dev/stdout, or the file the
/// shell redirected standard output to): a "wrote PATH" message there would land in the result.
inline bool is_standard_output(const std::filesystem::path& path) {
    struct stat target {}, standard_output {};
    return ::stat(path.c_str(), &target) == 0 && ::fstat(STDOUT_FILENO, &standard_output) == 0 &&
           target.st_dev == standard_output.st_dev && target.st_ino == standard_output.st_ino;
}

/// Writes a command's whole result to its target (check()ed when the arguments were read). True
/// when the command should then name it ("wrote PATH"): false when the target is standard output.
inline bool write_result(const io::output_target& target, std::string_view text) {
    const bool named = !is_standard_output(target.path());
    target.write(text);
    return named;
}

/// The result to standard output without a target; else to the target, then (see write_result)
/// `summary` and "wrote PATH" on standard output.
inline void emit(const std::optional<io::output_target>& target, std::ostream& out, std::string_view text, std::string_view summary = {}) {
    if (!target) {
        out << text;
        return;
    }
    if (write_result(*target, text)) out << summary << "wrote " << target->path().string() << '\n';
}

}  // namespace adva::cli
