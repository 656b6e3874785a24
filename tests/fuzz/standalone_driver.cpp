// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Stands in for libFuzzer when the fuzz targets are built without it: replays every file
// named on the command line, directories recursively, through LLVMFuzzerTestOneInput.
// A target signals a failure by aborting, so reaching the end means the corpus passed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

namespace {

// Sorted, so that a failing run replays the inputs in the same order again.
std::vector<fs::path> files_below(const fs::path& root)
{
    std::vector<fs::path> files;
    if (!fs::is_directory(root))
        return {root};
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file())
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

bool replay(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::cerr << "cannot read '" << file.string() << "'\n";
        return false;
    }
    std::string bytes(std::istreambuf_iterator<char>(in), {});
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t replayed = 0;
    for (int i = 1; i < argc; ++i) {
        for (const auto& file : files_below(argv[i])) {
            if (!replay(file))
                return 1;
            ++replayed;
        }
    }
    std::cout << "replayed " << replayed << " inputs\n";
    // An empty run would most likely mean a wrong corpus path, not a passing corpus.
    return replayed > 0 ? 0 : 1;
}
