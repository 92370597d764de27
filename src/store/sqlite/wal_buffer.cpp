#include "store/sqlite/wal_buffer.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <vector>

namespace fte::sqlite {
namespace {

constexpr std::size_t kMaxBuffer = 4u << 20;  // frames of a spilled transaction, at most
constexpr int kFrameHeader = 24;              // WAL_FRAME_HDRSIZE
// The unix VFS writes at most 0x1ffff bytes per call (larger sizes are masked, not split).
constexpr std::size_t kMaxWrite = 120u << 10;

std::atomic<std::uint64_t> g_frames{0}, g_writes{0};
sqlite3_vfs* g_real = nullptr;

struct Buffer {
  std::vector<char> data;
  sqlite3_int64 start = 0;      // file offset of data[0]
  bool commit_pending = false;  // the commit frame's header is buffered; its page comes next
};

struct WalFile {
  sqlite3_file base;  // pMethods = kWalMethods
  sqlite3_file* real;
  Buffer* buf;
};

constexpr std::size_t kRealOffset = (sizeof(WalFile) + 15) & ~std::size_t{15};

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<WalFile*>(f)->real; }

int flush(WalFile* w) {
  Buffer& b = *w->buf;
  b.commit_pending = false;
  if (b.data.empty()) return SQLITE_OK;
  int rc = SQLITE_OK;
  for (std::size_t at = 0; at < b.data.size() && rc == SQLITE_OK; at += kMaxWrite) {
    g_writes.fetch_add(1, std::memory_order_relaxed);
    auto n = std::min(kMaxWrite, b.data.size() - at);
    rc = w->real->pMethods->xWrite(w->real, b.data.data() + at, static_cast<int>(n),
                                   b.start + static_cast<sqlite3_int64>(at));
  }
  b.data.clear();  // on failure SQLite abandons the transaction; its frames are never used
  if (b.data.capacity() > kMaxBuffer) b.data.shrink_to_fit();
  return rc;
}

int flush_file(sqlite3_file* f) { return flush(reinterpret_cast<WalFile*>(f)); }

int wal_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 off) {
  auto* w = reinterpret_cast<WalFile*>(f);
  Buffer& b = *w->buf;
  g_frames.fetch_add(1, std::memory_order_relaxed);
  const char* c = static_cast<const char*>(p);
  auto end = b.start + static_cast<sqlite3_int64>(b.data.size());
  if (!b.data.empty() && off >= b.start && off + n <= end) {
    std::memcpy(b.data.data() + (off - b.start), c, static_cast<std::size_t>(n));  // rewritten in place
  } else {
    if (!b.data.empty() && off != end) {
      bool pending = b.commit_pending;
      if (int rc = flush(w); rc != SQLITE_OK) return rc;
      b.commit_pending = pending;
    }
    if (b.data.empty()) b.start = off;
    b.data.insert(b.data.end(), c, c + n);
  }
  if (n == kFrameHeader) {
    // Bytes 4..7 of a frame header: the database size in pages for a commit frame, else 0.
    b.commit_pending = (c[4] | c[5] | c[6] | c[7]) != 0;
    return SQLITE_OK;
  }
  if (b.commit_pending || b.data.size() >= kMaxBuffer) return flush(w);
  return SQLITE_OK;
}

int wal_close(sqlite3_file* f) {
  auto* w = reinterpret_cast<WalFile*>(f);
  int rc = flush(w);
  int rc2 = w->real->pMethods->xClose(w->real);
  delete w->buf;
  w->buf = nullptr;
  return rc != SQLITE_OK ? rc : rc2;
}
int wal_read(sqlite3_file* f, void* p, int n, sqlite3_int64 off) {
  if (int rc = flush_file(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xRead(real_of(f), p, n, off);
}
int wal_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = flush_file(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
int wal_sync(sqlite3_file* f, int flags) {
  if (int rc = flush_file(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int wal_file_size(sqlite3_file* f, sqlite3_int64* size) {
  if (int rc = flush_file(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
int wal_lock(sqlite3_file* f, int l) { return real_of(f)->pMethods->xLock(real_of(f), l); }
int wal_unlock(sqlite3_file* f, int l) { return real_of(f)->pMethods->xUnlock(real_of(f), l); }
int wal_check_reserved(sqlite3_file* f, int* out) {
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
int wal_file_control(sqlite3_file* f, int op, void* arg) {
  if (int rc = flush_file(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
int wal_sector_size(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
int wal_device(sqlite3_file* f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }
int wal_shm_map(sqlite3_file* f, int i, int sz, int extend, void volatile** pp) {
  return real_of(f)->pMethods->xShmMap(real_of(f), i, sz, extend, pp);
}
int wal_shm_lock(sqlite3_file* f, int off, int n, int flags) {
  return real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags);
}
void wal_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
int wal_shm_unmap(sqlite3_file* f, int del) { return real_of(f)->pMethods->xShmUnmap(real_of(f), del); }
int wal_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** pp) {
  if (int rc = flush_file(f); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xFetch(real_of(f), off, n, pp);
}
int wal_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  return real_of(f)->pMethods->xUnfetch(real_of(f), off, p);
}

const sqlite3_io_methods kWalMethods = {
    3,           wal_close,          wal_read,      wal_write,         wal_truncate,
    wal_sync,    wal_file_size,      wal_lock,      wal_unlock,        wal_check_reserved,
    wal_file_control, wal_sector_size, wal_device,  wal_shm_map,       wal_shm_lock,
    wal_shm_barrier, wal_shm_unmap,  wal_fetch,     wal_unfetch};

int vfs_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  if (!(flags & SQLITE_OPEN_WAL)) return g_real->xOpen(g_real, name, f, flags, out_flags);
  auto* w = reinterpret_cast<WalFile*>(f);
  w->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kRealOffset);
  w->buf = nullptr;
  std::memset(static_cast<void*>(w->real), 0, static_cast<std::size_t>(g_real->szOsFile));
  int rc = g_real->xOpen(g_real, name, w->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (w->real->pMethods) w->real->pMethods->xClose(w->real);
    f->pMethods = nullptr;
    return rc;
  }
  w->buf = new Buffer();
  f->pMethods = &kWalMethods;
  return SQLITE_OK;
}

sqlite3_vfs* make_vfs() {
  static sqlite3_vfs vfs;
  // Before SQLite initialises (the first call below does): no global allocation statistics,
  // which take a process-wide mutex on every malloc and free (fte never reads them). Fails
  // harmlessly (SQLITE_MISUSE) when SQLite was already initialised.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  g_real = sqlite3_vfs_find(nullptr);
  vfs = *g_real;  // every other method is the default VFS's, which reads nothing but pAppData
  vfs.pNext = nullptr;
  vfs.zName = "fte-walbuf";
  vfs.szOsFile = static_cast<int>(kRealOffset) + g_real->szOsFile;
  vfs.xOpen = vfs_open;
  sqlite3_vfs_register(&vfs, 0);
  return &vfs;
}

}  // namespace

const char* wal_buffer_vfs() {
  static sqlite3_vfs* vfs = make_vfs();
  return vfs->zName;
}

WalBufferStats wal_buffer_stats() {
  return {g_frames.load(std::memory_order_relaxed), g_writes.load(std::memory_order_relaxed)};
}

}  // namespace fte::sqlite
