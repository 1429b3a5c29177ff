#pragma once
// The output options of the commands that write files (--out, --csv, with --force): the target is
// named and checked while the arguments are read, and written only once the command has its whole
// result, so a usage error or a bad input never touches an existing file. The policy itself:
// adva/io/output.hpp.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

}  // namespace adva::cli
