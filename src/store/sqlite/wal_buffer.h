// WalWriteBuffer: an SQLite VFS ("fte-walbuf") over the default one that gathers the write-ahead
// log writes of one commit into a single write. SQLite writes every WAL frame as two write calls
// (a 24-byte header, then the page), so a commit of 60 pages costs 120 system calls, each touching
// one or two page-cache pages; this VFS appends them to a buffer and writes the buffer with one call
// when the commit frame (the frame whose header carries the database size) has been appended
// (in pieces of 120 KiB: the default VFS writes at most 128 KiB per call).
//
// Durability is unchanged: the buffer is written to the file before SQLite's write of the commit
// frame returns, i.e. before the commit is published in the WAL index and before COMMIT returns,
// so what an acknowledged write relies on (its bytes in the kernel; with synchronous=FULL, synced)
// holds exactly as without the buffer. Any other access to the WAL file (read, sync, truncate, size,
// close, file control) writes the buffer first; a write that is not contiguous with the buffer (a
// frame rewritten in place, the log restarting at offset 0) lands in the buffer when it falls
// inside it, else the buffer is written first. Frames of a transaction spilled before its commit
// stay buffered (at most kMaxBuffer bytes) until the commit, a read or the cap. Only files SQLite
// opens as a WAL are buffered; databases and other files pass straight to the default VFS.
// A failed buffered write fails the SQLite call that triggered it (the commit then fails).
//
// Thread-safety: register() is idempotent and thread-safe; a buffered file is used by one
// connection, which SQLite already serialises.
#pragma once
#include <cstdint>

namespace fte::sqlite {

struct WalBufferStats {
  std::uint64_t frames_written = 0;  // write calls SQLite made on WAL files
  std::uint64_t file_writes = 0;     // write calls made to the files underneath
};

// Registers the VFS (not as the default) and returns its name, for sqlite3_open_v2.
const char* wal_buffer_vfs();
WalBufferStats wal_buffer_stats();  // process-wide, for tests and benchmarks

}  // namespace fte::sqlite
