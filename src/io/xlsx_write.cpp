// A scoring sheet as an Excel workbook (sheet_to_xlsx, adva/io/scoring_sheet.hpp), written with
// libxlsxwriter. Its version in Debian 12 (1.1.4) writes only to a file, so the workbook is written
// into a private temporary directory and its bytes returned: the caller writes them under the one
// output policy (adva/io/output.hpp) like any other output.
#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xlsxwriter.h>
#include <zip.h>

#include "adva/io/decode.hpp"
#include "adva/io/scoring_sheet.hpp"
#include "json_names.hpp"
#include "report_text.hpp"
#include "utf8.hpp"
#include "xlsx_text.hpp"

namespace adva::io {

namespace {

namespace fs = std::filesystem;

/// Excel's limit on the characters of one cell.
constexpr std::size_t max_cell_characters = 32767;

/// The sheet's name in the workbook; the reader looks for it first.
constexpr const char* sheet_name = "scoresheet";

/// Where libxlsxwriter puts the worksheet (its first and only one).
constexpr const char* worksheet_part = "xl/worksheets/sheet1.xml";

[[noreturn]] void write_failed(const std::string& where, const std::string& rule, const std::string& reason) {
    throw error("adva.io.write", where, rule, reason);
}

/// A directory only this process can enter (mkdtemp: mode 0700), removed with its content.
class private_directory {
public:
    private_directory() {
        std::error_code ec;
        const fs::path base = fs::temp_directory_path(ec);
        std::string name = ((ec ? fs::path("/tmp") : base) / "adva-workbook-XXXXXX").string();
        if (!::mkdtemp(name.data()))
            write_failed(name, "cannot create a private temporary directory for the workbook", std::strerror(errno));
        path_ = name;
    }
    ~private_directory() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    private_directory(const private_directory&) = delete;
    private_directory& operator=(const private_directory&) = delete;
    const fs::path& path() const noexcept { return path_; }

private:
    fs::path path_;
};

/// An open libxlsxwriter workbook; closed (written) by close(), or when destroyed after a failure.
class workbook {
public:
    workbook(const fs::path& file, const fs::path& scratch) : scratch_(scratch.string()) {
        lxw_workbook_options options{};
        options.tmpdir = scratch_.data();  // libxlsxwriter's own temporary files stay in the private directory
        handle_ = workbook_new_opt(file.c_str(), &options);
        if (!handle_) write_failed(file.string(), "libxlsxwriter could not start a workbook", "out of memory");
    }
    ~workbook() {
        if (handle_) workbook_close(handle_);
    }
    workbook(const workbook&) = delete;
    workbook& operator=(const workbook&) = delete;
    lxw_workbook* get() const noexcept { return handle_; }
    lxw_error close() {
        const lxw_error e = workbook_close(handle_);
        handle_ = nullptr;
        return e;
    }

private:
    std::string scratch_;
    lxw_workbook* handle_ = nullptr;
};

/// A number the sheet holds whose text, as libxlsxwriter prints it, may not read back as the same
/// double (see write_numbers_in_full).
struct number_cell {
    std::string reference;  ///< "K7"
    double value = 0;
};

std::optional<double> number_in(const std::string& text) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

bool reads_back_as(std::string_view text, double value) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    return ec == std::errc() && end == text.data() + text.size() && v == value;
}

/// Whether libxlsxwriter's text of `value` reads back as it. Debian builds libxlsxwriter without its
/// USE_DTOA_LIBRARY option, so numbers are printed with "%.16G": enough for any number typed with
/// up to 15 digits, not for every double (0.1 + 0.2, 123456789.12345679 need 17).
bool printed_in_full(double value) {
    char text[40];
    std::snprintf(text, sizeof text, "%.16G", value);
    return reads_back_as(text, value);
}

/// The whole content of entry `index` of an archive this process wrote.
std::string entry_text(zip_t* archive, zip_uint64_t index, const std::string& where) {
    zip_file_t* file = zip_fopen_index(archive, index, 0);
    if (!file) write_failed(where, "cannot read back the worksheet written", zip_strerror(archive));
    std::string text;
    char buffer[1 << 16];
    zip_int64_t n = 0;
    while ((n = zip_fread(file, buffer, sizeof buffer)) > 0) text.append(buffer, std::size_t(n));
    const std::string reason = n < 0 ? zip_file_strerror(file) : "";
    zip_fclose(file);
    if (n < 0) write_failed(where, "cannot read back the worksheet written", reason);
    return text;
}

/// Rewrites the value of each cell in `cells` whose text in the worksheet does not read back as its
/// number, with the shortest text that does. The cells are in the order libxlsxwriter writes them
/// (row by row, left to right); each is found by its reference, and the text replaced must be
/// that cell's <v>, or nothing is changed and the write fails: a workbook is never written with a
/// number other than the sheet's.
void write_numbers_in_full(const fs::path& file, const std::vector<number_cell>& cells) {
    const std::string where = file.string();
    int code = 0;
    std::unique_ptr<zip_t, decltype(&zip_discard)> archive(zip_open(file.c_str(), 0, &code), zip_discard);
    if (!archive) {
        zip_error_t e;
        zip_error_init_with_code(&e, code);
        const std::string reason = zip_error_strerror(&e);
        zip_error_fini(&e);
        write_failed(where, "cannot reopen the workbook written", reason);
    }
    const zip_int64_t index = zip_name_locate(archive.get(), worksheet_part, 0);
    if (index < 0) write_failed(where, "the workbook written has no worksheet part", worksheet_part);
    const std::string xml = entry_text(archive.get(), zip_uint64_t(index), where);

    std::string patched;
    patched.reserve(xml.size() + cells.size() * 4);
    std::size_t done = 0;  // xml[0, done) is in `patched`
    std::size_t from = 0;  // where the next cell is looked for
    for (const auto& cell : cells) {
        const std::size_t at = xml.find("<c r=\"" + cell.reference + "\"", from);
        const std::size_t open = at == std::string::npos ? at : xml.find("<v>", at);
        const std::size_t close = open == std::string::npos ? open : xml.find("</v>", open);
        if (close == std::string::npos || xml.find("</c>", at) < close)
            write_failed(where, "a number of the workbook cannot be written in full precision", "cell " + cell.reference);
        from = close;
        const std::string_view written(xml.data() + open + 3, close - open - 3);
        if (reads_back_as(written, cell.value)) continue;
        patched.append(xml, done, open + 3 - done);
        patched += detail::number_text(cell.value);
        done = close;
    }
    if (done == 0) return;  // libxlsxwriter wrote every number in full
    patched.append(xml, done, std::string::npos);

    zip_source_t* source = zip_source_buffer(archive.get(), patched.data(), patched.size(), 0);
    if (!source || zip_file_replace(archive.get(), zip_uint64_t(index), source, 0) < 0) {
        if (source) zip_source_free(source);
        write_failed(where, "cannot write the worksheet's numbers in full precision", zip_strerror(archive.get()));
    }
    if (zip_close(archive.get()) < 0)  // `patched` must live until here: the source reads it now
        write_failed(where, "cannot write the worksheet's numbers in full precision", zip_strerror(archive.get()));
    (void)archive.release();
}

/// A column wide enough for its longest first line, within reason (Excel's width: characters).
double column_width(const sheet_table& table, std::size_t column) {
    std::size_t widest = 0;
    for (const auto& row : table.rows)
        if (column < row.size()) {
            const std::string& text = row[column];
            widest = std::max(widest, report_text::display_width(std::string_view(text).substr(0, text.find('\n'))));
        }
    return double(std::clamp<std::size_t>(widest + 2, 8, 50));
}

}  // namespace

bool is_number_column(std::string_view column) {
    // Numbers in the workbook, so that a panel's spreadsheet sorts and checks them as numbers.
    return column == "weight" || column == "value" || column == "low" || column == "high" || column == "sd";
}

std::string sheet_to_xlsx(const sheet_table& table) {
    std::size_t width = 0;
    for (const auto& row : table.rows) width = std::max(width, row.size());
    const auto place = [&](std::size_t r, std::size_t c) {
        const bool named = !table.rows.empty() && c < table.rows.front().size();
        return "row " + std::to_string(r + 1) + (named ? ", column \"" + table.rows.front()[c] + "\"" : "");
    };
    if (table.rows.size() > xlsx::max_rows || width > xlsx::max_columns)
        throw limit_exceeded("adva.limits.workbook", "the sheet",
                             "a worksheet has at most " + std::to_string(xlsx::max_rows) + " rows and " +
                                 std::to_string(xlsx::max_columns) + " columns",
                             std::to_string(table.rows.size()) + " rows, " + std::to_string(width) + " columns");

    std::vector<bool> holds_numbers(width, false);
    if (!table.rows.empty())
        for (std::size_t c = 0; c < table.rows.front().size(); ++c)
            holds_numbers[c] = is_number_column(table.rows.front()[c]);

    private_directory scratch;
    const fs::path file = scratch.path() / "scoresheet.xlsx";
    workbook book(file, scratch.path());
    lxw_worksheet* sheet = workbook_add_worksheet(book.get(), sheet_name);
    lxw_format* bold = workbook_add_format(book.get());
    if (!sheet || !bold) write_failed(file.string(), "libxlsxwriter could not start a worksheet", "out of memory");
    format_set_bold(bold);

    std::vector<number_cell> numbers_to_check;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string& text = row[c];
            if (text.empty()) continue;  // an empty cell is no cell
            const auto at_row = lxw_row_t(r);
            const auto at_column = lxw_col_t(c);
            if (r > 0 && holds_numbers[c])
                if (const auto number = number_in(text)) {
                    if (worksheet_write_number(sheet, at_row, at_column, *number, nullptr) != LXW_NO_ERROR)
                        write_failed(file.string(), "libxlsxwriter could not write a number", place(r, c));
                    if (!printed_in_full(*number))
                        numbers_to_check.push_back({xlsx::cell_reference(std::uint32_t(r + 1), std::uint32_t(c + 1)), *number});
                    continue;
                }
            if (!is_utf8(text))
                throw invalid_input("adva.excel.cell", place(r, c), "a workbook holds UTF-8 text only; this text is not UTF-8");
            const std::string stored = xlsx::escape_text(text);
            if (report_text::display_width(stored) > max_cell_characters)
                throw limit_exceeded("adva.limits.workbook", place(r, c),
                                     "a worksheet cell holds at most " + std::to_string(max_cell_characters) + " characters",
                                     std::to_string(report_text::display_width(stored)) + " characters");
            // worksheet_write_string() stores text as text whatever it starts with: "=1+1" is no formula.
            const lxw_error e = worksheet_write_string(sheet, at_row, at_column, stored.c_str(), r == 0 ? bold : nullptr);
            if (e != LXW_NO_ERROR) write_failed(file.string(), "libxlsxwriter could not write a cell", place(r, c) + ": " + lxw_strerror(e));
        }
    }
    for (std::size_t c = 0; c < width; ++c)
        worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), column_width(table, c), nullptr);
    if (!table.rows.empty()) {
        worksheet_freeze_panes(sheet, 1, 0);  // the header stays in view
        if (width > 0) worksheet_autofilter(sheet, 0, 0, lxw_row_t(table.rows.size() - 1), lxw_col_t(width - 1));
    }
    if (const lxw_error e = book.close(); e != LXW_NO_ERROR)
        write_failed(file.string(), "libxlsxwriter could not write the workbook", lxw_strerror(e));
    if (!numbers_to_check.empty()) write_numbers_in_full(file, numbers_to_check);
    return read_binary_source(file.string(), std::numeric_limits<std::size_t>::max(), "workbook written");
}

}  // namespace adva::io
