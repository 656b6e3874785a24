// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/browse_blob.h"

#include "gitcore/git_objects.h"
#include "gitcore/library.h"
#include "gitcore/subprocess.h"

#include <algorithm>
#include <cstring>
#include <memory>

namespace gitcore {

namespace {

// Blobs up to this size are read whole through libgit2, which cannot read a packed
// object in parts; larger ones are streamed.
constexpr uint64_t in_memory_limit = 8 << 20;
// git looks this far for a NUL to call a file binary (FIRST_FEW_BYTES in git's xdiff).
constexpr size_t binary_probe = 8000;
constexpr size_t chunk_size = 64 << 10;

using OdbStreamPtr = GitPtr<git_odb_stream, git_odb_stream_free>;

// A blob that libgit2 has read whole.
class MemorySource : public forge::ByteSource {
  public:
    explicit MemorySource(BlobPtr blob)
        : m_blob(std::move(blob))
    {
    }
    forge::Result<size_t> read(char* data, size_t size) override
    {
        auto total = static_cast<size_t>(git_blob_rawsize(m_blob.get()));
        size_t n = std::min(size, total - m_offset);
        std::memcpy(data, static_cast<const char*>(git_blob_rawcontent(m_blob.get())) + m_offset,
                    n);
        m_offset += n;
        return n;
    }

  private:
    BlobPtr m_blob;
    size_t m_offset = 0;
};

// A loose object, inflated as it is read.
class LooseSource : public forge::ByteSource {
  public:
    LooseSource(OdbStreamPtr stream, uint64_t size)
        : m_stream(std::move(stream))
        , m_remaining(size)
    {
    }
    forge::Result<size_t> read(char* data, size_t size) override
    {
        if (m_remaining == 0)
            return size_t(0);
        size = static_cast<size_t>(std::min<uint64_t>({size, m_remaining, chunk_size}));
        // Unlike its documentation says, libgit2 returns the number of bytes read.
        int n = git_odb_stream_read(m_stream.get(), data, size);
        if (n < 0)
            return last_error(n, "read loose object");
        if (n == 0)
            return forge::Error::internal("loose object ends early");
        m_remaining -= static_cast<uint64_t>(n);
        return static_cast<size_t>(n);
    }

  private:
    OdbStreamPtr m_stream;
    uint64_t m_remaining;
};

// `git cat-file blob`, for packed blobs too large to hold.
class CatFileSource : public forge::ByteSource {
  public:
    CatFileSource(Subprocess child, std::string id, uint64_t size)
        : m_child(std::move(child))
        , m_id(std::move(id))
        , m_size(size)
    {
    }
    forge::Result<size_t> read(char* data, size_t size) override
    {
        while (!m_finished) {
            bool from_error = false;
            size_t n = TRY(m_child.read_output(data, size, &from_error));
            if (n == 0)
                return finish();
            if (!from_error) {
                m_read += n;
                return n;
            }
            if (m_errors.size() < 1024)
                m_errors.append(data, std::min<size_t>(n, 1024));
        }
        return size_t(0);
    }

  private:
    forge::Result<size_t> finish()
    {
        m_finished = true;
        if (m_child.wait() != 0 || m_read != m_size)
            return forge::Error::internal("git cat-file blob " + m_id + " failed: " + m_errors);
        return size_t(0);
    }

    Subprocess m_child;
    std::string m_id;
    uint64_t m_size;
    uint64_t m_read = 0;
    std::string m_errors;
    bool m_finished = false;
};

struct BlobStream {
    uint64_t size = 0;
    std::unique_ptr<forge::ByteSource> source;
};

forge::Result<std::unique_ptr<forge::ByteSource>>
large_blob_source(Repository& repository, git_odb* odb, const git_oid& id, uint64_t size)
{
    git_odb_stream* stream = nullptr;
    size_t length = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_open_rstream(&stream, &length, &type, odb, &id) == 0)
        return std::unique_ptr<forge::ByteSource>(
            std::make_unique<LooseSource>(OdbStreamPtr(stream), size));
    // A packed object: libgit2 can only read it whole.
    git_error_clear();
    std::string git_dir = git_repository_path(repository.raw());
    // Without GIT_NO_REPLACE_OBJECTS, git would follow refs/replace where libgit2 does not.
    Subprocess::Options options{{"git", "cat-file", "blob", oid_hex(id)},
                                {"GIT_DIR=" + git_dir, "GIT_NO_REPLACE_OBJECTS=1"},
                                git_dir};
    auto child = TRY(Subprocess::start(options));
    return std::unique_ptr<forge::ByteSource>(
        std::make_unique<CatFileSource>(std::move(child), oid_hex(id), size));
}

// The blob `id` as a stream; not_found when there is no such blob.
forge::Result<BlobStream> open_blob(Repository& repository, const git_oid& id)
{
    auto odb = TRY(object_database(repository));
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    int rc = git_odb_read_header(&size, &type, odb.get(), &id);
    if (rc == GIT_ENOTFOUND || (rc == 0 && type != GIT_OBJECT_BLOB))
        return forge::Error::not_found("no blob " + oid_hex(id));
    if (rc < 0)
        return last_error(rc, "read header of " + oid_hex(id));
    if (size > in_memory_limit) {
        auto source = TRY(large_blob_source(repository, odb.get(), id, size));
        return BlobStream{size, std::move(source)};
    }
    git_blob* blob = nullptr;
    if (rc = git_blob_lookup(&blob, repository.raw(), &id); rc < 0)
        return last_error(rc, "read blob " + oid_hex(id));
    return BlobStream{size, std::make_unique<MemorySource>(BlobPtr(blob))};
}

// The file entry at `path` in the commit; not_found for directories and submodules.
forge::Result<TreeEntryPtr> file_entry(Repository& repository, std::string_view commit_id,
                                       std::string_view path)
{
    auto commit = TRY(lookup_commit(repository, commit_id));
    auto root = TRY(tree_of(commit.get()));
    auto entry = TRY(entry_at(root.get(), path));
    if (!entry || git_tree_entry_type(entry->get()) != GIT_OBJECT_BLOB)
        return forge::Error::not_found("no file '" + std::string(path) + "'");
    return std::move(*entry);
}

// Reads from `source` until `data` holds `wanted` bytes or the source ends.
forge::Result<void> read_prefix(forge::ByteSource& source, std::string& data, size_t wanted)
{
    data.resize(wanted);
    size_t filled = 0;
    while (filled < wanted) {
        size_t n = TRY(source.read(data.data() + filled, wanted - filled));
        if (n == 0)
            break;
        filled += n;
    }
    data.resize(filled);
    return {};
}

} // namespace

forge::Result<BlobContent> read_blob(Repository& repository, std::string_view commit_id,
                                     std::string_view path, uint64_t max_bytes)
{
    auto entry = TRY(file_entry(repository, commit_id, path));
    const git_oid& id = *git_tree_entry_id(entry.get());
    auto blob = TRY(open_blob(repository, id));
    BlobContent content;
    content.id = oid_hex(id);
    content.path = std::string(path);
    content.size = blob.size;
    content.mode = static_cast<uint32_t>(git_tree_entry_filemode(entry.get()));
    auto wanted = std::min<uint64_t>(blob.size, std::max<uint64_t>(max_bytes, binary_probe));
    TRY(read_prefix(*blob.source, content.data, static_cast<size_t>(wanted)));
    auto probe = std::string_view(content.data).substr(0, binary_probe);
    content.binary = probe.find('\0') != std::string_view::npos;
    content.truncated = blob.size > max_bytes;
    if (content.data.size() > max_bytes)
        content.data.resize(static_cast<size_t>(max_bytes));
    return content;
}

forge::Result<void> stream_blob(Repository& repository, std::string_view blob_id,
                                forge::ByteSink& sink)
{
    git_oid id;
    if (blob_id.size() != GIT_OID_HEXSZ ||
        git_oid_fromstrn(&id, blob_id.data(), blob_id.size()) < 0)
        return forge::Error::not_found("no blob '" + std::string(blob_id) + "'");
    auto blob = TRY(open_blob(repository, id));
    std::string buffer(chunk_size, '\0');
    while (true) {
        size_t n = TRY(blob.source->read(buffer.data(), buffer.size()));
        if (n == 0)
            return {};
        TRY(sink.write(std::string_view(buffer.data(), n)));
    }
}

} // namespace gitcore
