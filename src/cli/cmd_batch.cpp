// adva batch: runs a scenario file (docs/batch.md) into a JSONL file, one line per scenario.
// Crash safety: lines are rendered whole and written a chunk at a time with write(2) on an
// O_APPEND descriptor, fdatasync()ed every few seconds; after a kill, --resume drops a trailing
// partial line (truncating the file), skips the ids present and runs the rest, so the file ends
// with every scenario exactly once. The results and the summary follow the output policy
// (adva/io/output.hpp): every argument and the scenario file are checked before either is opened.
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "adva/io/scenario_json.hpp"
#include "adva/scenario/results_jsonl.hpp"
#include "adva/scenario/runner.hpp"
#include "cli_output.hpp"
#include "adva/threads.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {
namespace {

const char* const batch_help =
    "usage: adva batch FILE --out RESULTS.jsonl [--threads N] [--resume | --force] [--csv SUMMARY.csv]\n"
    "\n"
    "Runs every scenario of a scenario file (docs/batch.md) and writes one JSON line per scenario:\n"
    "id, status, the decision record's state, winner, ranking, totals and the requested robustness\n"
    "figures. A scenario that breaks a rule gets an error line (error id, JSON pointer, message)\n"
    "and the batch goes on.\n"
    "\n"
    "  --out FILE      the JSONL results (required); an existing FILE needs --resume or --force; a\n"
    "                  device or FIFO such as /dev/null is written into\n"
    "  --threads N     worker threads, 0 = every core (default 0), at most 1024\n"
    "  --resume        keep the finished lines of FILE (a trailing partial line is dropped) and run\n"
    "                  only the scenarios missing from it\n"
    "  --force         start FILE afresh, and replace the --csv file, if they exist\n"
    "  --csv FILE      the summary (wins and rank distribution per option) as CSV\n"
    "Neither file may be FILE or the model it names.\n"
    "\n"
    "Progress goes to standard error: a bar with rate and ETA on a terminal, a plain line every few\n"
    "seconds otherwise; the summary follows at the end.\n";

using clock_type = std::chrono::steady_clock;

/// Reads the finished lines of an earlier run: adds their indices to `done` (ranges: memory grows
/// with the gaps between finished runs, not with the scenarios), adds them to the summary and
/// truncates a trailing partial line. Returns the number of finished scenarios.
std::uint64_t read_finished(const std::filesystem::path& path, const scenario_source& source, finished_indices& done,
                            batch_summary& summary) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return 0;  // nothing yet: a fresh run
    std::uint64_t finished = 0, line_number = 0, complete_bytes = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (in.eof()) break;  // no '\n': the partial line of a killed run
        ++line_number;
        const std::string where = path.string() + ":" + std::to_string(line_number);
        const scenario_result r = read_finished_line(line, where, source);
        if (boost::icl::contains(done, r.index))
            throw invalid_input("adva.batch.corrupt_results", where, "scenario appears twice in the results", "\"" + r.id + "\"");
        done += r.index;
        summary.add(r);
        ++finished;
        complete_bytes += line.size() + 1;
    }
    in.close();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > complete_bytes) std::filesystem::resize_file(path, complete_bytes);  // drop the partial line
    return finished;
}

std::string duration_text(double seconds) {
    if (!(seconds >= 0) || seconds > 1e7) return "--:--";
    const auto s = std::uint64_t(seconds + 0.5);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%llu:%02llu:%02llu", (unsigned long long)(s / 3600), (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
    else std::snprintf(buf, sizeof buf, "%llu:%02llu", (unsigned long long)(s / 60), (unsigned long long)(s % 60));
    return buf;
}

/// Progress on standard error: a redrawn bar on a terminal, plain lines every few seconds otherwise.
class progress {
public:
    progress(std::ostream& err, std::uint64_t total, std::uint64_t already)
        : err_(err), total_(total), done_(already), start_done_(already), terminal_(::isatty(STDERR_FILENO) == 1),
          start_(clock_type::now()), last_(start_) {}

    void advance(std::uint64_t n) {
        done_ += n;
        const auto now = clock_type::now();
        const double since = std::chrono::duration<double>(now - last_).count();
        if (since < (terminal_ ? 0.1 : 2.0)) return;
        last_ = now;
        draw(now, false);
    }
    void finish() { draw(clock_type::now(), true); }
    double elapsed() const { return std::chrono::duration<double>(clock_type::now() - start_).count(); }
    std::uint64_t run() const { return done_ - start_done_; }

private:
    void draw(clock_type::time_point now, bool last) {
        const double t = std::chrono::duration<double>(now - start_).count();
        const double rate = t > 0 ? double(done_ - start_done_) / t : 0.0;
        const double eta = rate > 0 ? double(total_ - done_) / rate : -1.0;
        const double frac = total_ ? double(done_) / double(total_) : 1.0;
        std::ostringstream line;
        if (terminal_) {
            const int width = 30, filled = int(frac * width);
            line << "\r[" << std::string(std::size_t(filled), '#') << std::string(std::size_t(width - filled), '.') << "] "
                 << std::fixed << std::setprecision(1) << 100.0 * frac << "% " << done_ << "/" << total_ << "  "
                 << std::setprecision(0) << rate << "/s  ETA " << duration_text(eta) << "   ";
            if (last) line << '\n';
        } else {
            line << "adva batch: " << done_ << "/" << total_ << " scenarios (" << std::fixed << std::setprecision(1)
                 << 100.0 * frac << "%), " << std::setprecision(0) << rate << "/s, "
                 << (last ? "elapsed " + duration_text(t) : "ETA " + duration_text(eta)) << '\n';
        }
        err_ << line.str() << std::flush;
    }

    std::ostream& err_;
    std::uint64_t total_, done_, start_done_;
    bool terminal_;
    clock_type::time_point start_, last_;
};

std::string summary_csv(const batch_summary& s) {
    std::size_t max_rank = 0;
    for (const auto& r : s.ranks) max_rank = std::max(max_rank, r.size());
    const bool vfm = s.has_value_for_money();
    std::ostringstream out;
    out << "option,wins,win_share,discounted";
    for (std::size_t k = 1; k <= max_rank; ++k) out << ",rank_" << k;
    if (vfm) out << ",costed,on_frontier,over_budget,npv_cost_min,npv_cost_max";
    out << '\n';
    const auto number = [](double x) {  // shortest text that reads back; empty for NaN (never costed)
        char buf[32];
        return std::isnan(x) ? std::string{} : std::string(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
    };
    for (std::size_t i = 0; i < s.options.size(); ++i) {
        out << '"' << s.options[i] << "\"," << s.wins[i] << ','
            << (s.ok ? double(s.wins[i]) / double(s.ok) : 0.0) << ',' << s.discounted[i];
        for (std::size_t k = 0; k < max_rank; ++k) out << ',' << (k < s.ranks[i].size() ? s.ranks[i][k] : 0);
        if (vfm)
            out << ',' << s.costed[i] << ',' << s.on_frontier[i] << ',' << s.over_budget[i] << ','
                << number(s.npv_cost_min[i]) << ',' << number(s.npv_cost_max[i]);
        out << '\n';
    }
    return out.str();
}

void print_summary(std::ostream& err, const batch_summary& s) {
    const std::uint64_t total = s.ok + s.errors;
    err << "adva batch: " << total << (total == 1 ? " scenario: " : " scenarios: ") << s.ok << " ok, " << s.errors
        << (s.errors == 1 ? " error\n" : " errors\n");
    if (s.options.empty()) return;
    std::size_t max_rank = 0, width = 6;
    for (std::size_t i = 0; i < s.options.size(); ++i) {
        max_rank = std::max(max_rank, s.ranks[i].size());
        width = std::max(width, s.options[i].size());
    }
    err << std::left << std::setw(int(width)) << "option" << std::right << std::setw(10) << "wins" << std::setw(8) << "share";
    for (std::size_t k = 1; k <= max_rank; ++k) err << std::setw(9) << ("rank " + std::to_string(k));
    err << std::setw(12) << "discounted";
    // Value for money: scenarios on the efficiency frontier and over budget, and the NPC's range in
    // millions, each over the scenarios in which the option had costs on the short list.
    const bool vfm = s.has_value_for_money();
    if (vfm) err << std::setw(10) << "frontier" << std::setw(13) << "over budget" << "  NPC range (m)";
    err << '\n';
    for (std::size_t i = 0; i < s.options.size(); ++i) {
        err << std::left << std::setw(int(width)) << s.options[i] << std::right << std::setw(10) << s.wins[i] << std::setw(7)
            << std::fixed << std::setprecision(1) << (s.ok ? 100.0 * double(s.wins[i]) / double(s.ok) : 0.0) << '%';
        for (std::size_t k = 0; k < max_rank; ++k) err << std::setw(9) << (k < s.ranks[i].size() ? s.ranks[i][k] : 0);
        err << std::setw(12) << s.discounted[i];
        if (vfm && s.costed[i] > 0)
            err << std::setw(10) << s.on_frontier[i] << std::setw(13) << s.over_budget[i] << "  " << std::setprecision(2)
                << s.npv_cost_min[i] / 1e6 << " to " << s.npv_cost_max[i] / 1e6;
        err << '\n';
    }
    err.unsetf(std::ios::fixed);
}

}  // namespace

int run_batch(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "batch", {{"out"}, {"threads", count_range{0, adva::max_threads}}, {"resume", false}, {"force", false}, {"csv"}}, 1, 1);
        if (p.help) return out << batch_help, 0;
        const auto out_path_text = p.value("out");
        if (!out_path_text) throw usage_error("batch", "--out FILE is required");
        const std::filesystem::path out_path = *out_path_text;
        const bool resume = p.flag("resume");
        if (resume && p.flag("force")) throw usage_error("batch", "--resume keeps the results and --force replaces them: give one");
        batch_options options;
        options.threads = detail::checked_threads(p.unsigned_value("threads", 0), "--threads");

        // Both outputs are checked against every input once the scenario file has been read, and
        // opened only after that (--resume reads and trims the results only then too).
        const std::string& scenario_file = p.positional[0];
        const scenario_source source = io::load_scenarios(scenario_file);
        input_files inputs{{scenario_file, "the scenario file"}};
        if (!source.model_file.empty()) inputs.emplace_back(source.model_file, "the model of the scenario file");
        io::output_target results(out_path, "--out",
                                  resume ? io::if_exists::append : p.flag("force") ? io::if_exists::replace : io::if_exists::refuse);
        for (const auto& [input, what] : inputs) results.add_input(input, what);
        if (results.check() == io::output_kind::stream && resume)
            throw usage_error("batch", "--resume reads the finished lines back: --out must be a regular file", "\"" + out_path.string() + "\"");
        auto summary_target = output_option(p, "csv", inputs);
        if (summary_target) {
            std::error_code ec_out, ec_csv;
            const auto resolved_out = std::filesystem::weakly_canonical(out_path, ec_out);
            if (!ec_out && resolved_out == std::filesystem::weakly_canonical(summary_target->path(), ec_csv) && !ec_csv)
                throw usage_error("batch", "--csv and --out name the same file", "\"" + out_path.string() + "\"");
        }

        const std::uint64_t total = source.count();
        finished_indices done;
        batch_summary summary;
        const std::uint64_t finished = resume ? read_finished(out_path, source, done, summary) : 0;
        if (resume && finished > 0)
            err << "adva batch: resuming: " << finished << " of " << total << " scenarios already in " << out_path.string() << '\n';

        io::output_stream stream = results.open_stream();
        if (summary_target) summary_target->add_input(out_path, "the results file");  // checked when written
        options.done = &done;
        options.render_jsonl = true;
        progress bar(err, total, finished);
        auto last_sync = clock_type::now();
        run_batch(source, options, [&](const batch_chunk& chunk) {
            stream.write(chunk.jsonl);  // whole lines, one write per chunk
            for (const auto& r : chunk.results) summary.add(r);
            if (clock_type::now() - last_sync > std::chrono::seconds(2)) {
                stream.sync_data();
                last_sync = clock_type::now();
            }
            bar.advance(chunk.results.size());
        });
        stream.finish();
        bar.finish();
        print_summary(err, summary);
        if (summary_target) summary_target->write(summary_csv(summary));
        return 0;
    });
}

}  // namespace adva::cli
