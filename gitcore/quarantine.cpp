// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/quarantine.h"

#include "gitcore/packet_io.h"
#include "gitcore/subprocess.h"

#include <random>

namespace gitcore {

namespace fs = std::filesystem;

namespace {

std::string first_line(const std::string& text)
{
    auto line = text.substr(0, text.find('\n'));
    return line.size() > 200 ? line.substr(0, 200) : line;
}

} // namespace

Quarantine::Quarantine(fs::path repo, fs::path directory)
    : m_repo(std::move(repo))
    , m_directory(std::move(directory))
{
}

Quarantine::Quarantine(Quarantine&& other) noexcept
    : m_repo(std::move(other.m_repo))
    , m_directory(std::move(other.m_directory))
{
    other.m_directory.clear();
}

Quarantine::~Quarantine()
{
    std::error_code ignored;
    if (!m_directory.empty())
        fs::remove_all(m_directory, ignored);
}

forge::Result<Quarantine> Quarantine::create(const fs::path& repo)
{
    std::random_device random;
    fs::path directory =
        repo / "objects" / ("incoming-" + std::to_string(random()) + std::to_string(random()));
    std::error_code ec;
    fs::create_directories(directory / "pack", ec);
    if (ec)
        return forge::Error::internal("cannot create quarantine: " + ec.message());
    return Quarantine(repo, directory);
}

std::vector<std::string> Quarantine::environment() const
{
    return {"GIT_DIR=" + m_repo.string(), "GIT_OBJECT_DIRECTORY=" + m_directory.string(),
            "GIT_ALTERNATE_OBJECT_DIRECTORIES=" + (m_repo / "objects").string(),
            "GIT_QUARANTINE_PATH=" + m_directory.string()};
}

forge::Result<std::string> Quarantine::receive_pack(PacketInput& input)
{
    Subprocess::Options options{
        {"git", "index-pack", "--stdin", "--fix-thin"}, environment(), m_repo.string()};
    auto child = TRY(Subprocess::start(options));
    std::string buffer(65536, '\0');
    bool input_failed = false;
    while (true) {
        auto n = input.read_raw(buffer.data(), buffer.size());
        if (n.is_error()) {
            input_failed = true;
            break;
        }
        if (n.value() == 0 ||
            child.write_input(std::string_view(buffer.data(), n.value())).is_error())
            break;
    }
    child.close_input();
    std::string errors;
    bool from_error = false;
    while (size_t n = TRY(child.read_output(buffer.data(), buffer.size(), &from_error))) {
        if (from_error && errors.size() < 4096)
            errors.append(buffer.data(), n);
    }
    int status = child.wait();
    if (input_failed)
        return std::string("pack data could not be read");
    if (status != 0)
        return "index-pack failed: " + first_line(errors);
    return std::string();
}

forge::Result<std::string> Quarantine::check_connected(const std::vector<std::string>& tips)
{
    if (tips.empty())
        return std::string();
    std::string input;
    for (const auto& tip : tips)
        input += tip + "\n";
    Subprocess::Options options{
        {"git", "rev-list", "--objects", "--stdin", "--not", "--all", "--quiet"},
        environment(),
        m_repo.string()};
    std::string errors;
    int status = TRY(run_process(options, input, nullptr, &errors, 4096));
    if (status != 0)
        return std::string("missing necessary objects");
    return std::string();
}

forge::Result<void> Quarantine::accept()
{
    std::error_code ec;
    fs::path target = m_repo / "objects" / "pack";
    fs::create_directories(target, ec);
    std::vector<fs::path> indexes;
    for (const auto& entry : fs::directory_iterator(m_directory / "pack", ec)) {
        if (entry.path().extension() == ".idx") {
            indexes.push_back(entry.path());
            continue;
        }
        fs::rename(entry.path(), target / entry.path().filename(), ec);
        if (ec)
            return forge::Error::internal("cannot move pack into place: " + ec.message());
    }
    for (const auto& index : indexes) {
        fs::rename(index, target / index.filename(), ec);
        if (ec)
            return forge::Error::internal("cannot move pack index into place: " + ec.message());
    }
    return {};
}

} // namespace gitcore
