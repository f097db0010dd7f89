#pragma once
// A test-only SQLite VFS that can "lose power". SIGKILL cannot test durability: the OS keeps the pages a
// killed process wrote. This shim wraps the default (unix) VFS and remembers, for every file SQLite opens
// through it, the bytes that were there at the last xSync — what a disk would still hold after a power cut.
// `cut_after(n)` lets n more write/sync/truncate/delete operations through; the next one and all after it
// fail with SQLITE_IOERR (the machine is off: nothing else reaches the disk). `reboot()` then puts every
// file back to its last synced bytes (a file never synced is emptied) and drops the -shm file, which lives in
// memory on a real machine. Deletes count as durable once done (SQLite syncs the directory where it matters).
//
// Single-threaded use only (the tests drive the store from one thread). Install with `PowerLossVfs::install()`
// before opening the store: it becomes the default VFS, so the store's own open code is what is tested.
#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <new>
#include <optional>
#include <string>

namespace kiosk::testing {

class PowerLossVfs {
public:
    static PowerLossVfs& instance() {
        static PowerLossVfs v;
        return v;
    }
    void install() {
        if (installed_) return;
        base_ = sqlite3_vfs_find(nullptr);
        vfs_ = *base_;
        vfs_.szOsFile = static_cast<int>(sizeof(File)) + base_->szOsFile;
        vfs_.zName = "power-loss";
        vfs_.pAppData = this;
        vfs_.xOpen = &PowerLossVfs::open;
        vfs_.xDelete = &PowerLossVfs::remove;
        sqlite3_vfs_register(&vfs_, 1);
        installed_ = true;
    }
    void uninstall() {
        if (!installed_) return;
        sqlite3_vfs_unregister(&vfs_);
        sqlite3_vfs_register(base_, 1);
        installed_ = false;
    }

    // Power stays on for `ops` more mutating operations. A negative value: on for good (the default).
    void cut_after(long ops) { budget_ = ops; }
    bool power_is_off() const { return budget_ == 0; }
    long operations() const { return ops_; }   // mutating operations seen since forget()

    // Puts every file back as the disk would have it after the cut, and forgets the files (the next open
    // starts a new life). Call with every connection closed.
    void reboot() {
        for (auto& [path, durable] : durable_) {
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) continue;
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            if (durable) out.write(durable->data(), static_cast<std::streamsize>(durable->size()));
        }
        for (const auto& [path, durable] : durable_) {
            (void)durable;
            std::error_code ec;
            std::filesystem::remove(path + "-shm", ec);
        }
        forget();
    }
    void forget() {
        durable_.clear();
        budget_ = -1;
        ops_ = 0;
    }

private:
    struct File {
        sqlite3_file base;          // our methods
        PowerLossVfs* vfs;
        std::string path;
        sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
    };

    // One mutating operation: false once the power is off.
    bool spend() {
        ++ops_;
        if (budget_ < 0) return true;
        if (budget_ == 0) return false;
        --budget_;
        return true;
    }
    static std::optional<std::string> read_all(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return std::string();
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    static File* self(sqlite3_file* f) { return reinterpret_cast<File*>(f); }

    static int open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
        auto* me = static_cast<PowerLossVfs*>(vfs->pAppData);
        File* f = new (file) File{};   // SQLite hands us szOsFile raw bytes; our part first, the real file after
        int rc = me->base_->xOpen(me->base_, name, f->real(), flags, out_flags);
        if (rc != SQLITE_OK) {
            f->~File();
            return rc;
        }
        f->vfs = me;
        f->path = name ? name : "";
        // What is on disk when a file is first opened is durable (it was there before this life began).
        if (!f->path.empty() && !me->durable_.count(f->path)) {
            std::error_code ec;
            me->durable_[f->path] = std::filesystem::exists(f->path, ec) ? read_all(f->path) : std::nullopt;
        }
        static const sqlite3_io_methods methods = make_methods();
        f->base.pMethods = &methods;
        return SQLITE_OK;
    }
    static int remove(sqlite3_vfs* vfs, const char* name, int sync_dir) {
        auto* me = static_cast<PowerLossVfs*>(vfs->pAppData);
        if (!me->spend()) return SQLITE_IOERR_DELETE;
        int rc = me->base_->xDelete(me->base_, name, sync_dir);
        if (rc == SQLITE_OK) me->durable_.erase(name);
        return rc;
    }

    static sqlite3_io_methods make_methods() {
        sqlite3_io_methods m{};
        m.iVersion = 3;
        m.xClose = [](sqlite3_file* f) {
            int rc = self(f)->real()->pMethods->xClose(self(f)->real());
            self(f)->~File();
            return rc;
        };
        m.xRead = [](sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
            return self(f)->real()->pMethods->xRead(self(f)->real(), buf, n, off);
        };
        m.xWrite = [](sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
            if (!self(f)->vfs->spend()) return SQLITE_IOERR_WRITE;
            return self(f)->real()->pMethods->xWrite(self(f)->real(), buf, n, off);
        };
        m.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) {
            if (!self(f)->vfs->spend()) return SQLITE_IOERR_TRUNCATE;
            return self(f)->real()->pMethods->xTruncate(self(f)->real(), size);
        };
        m.xSync = [](sqlite3_file* f, int flags) {
            File* me = self(f);
            if (!me->vfs->spend()) return SQLITE_IOERR_FSYNC;
            // The shim is the disk: a sync is what it remembers, so the real fsync (slow, and beside the
            // point here) is skipped.
            (void)flags;
            if (!me->path.empty()) me->vfs->durable_[me->path] = read_all(me->path);
            return SQLITE_OK;
        };
        m.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) {
            return self(f)->real()->pMethods->xFileSize(self(f)->real(), size);
        };
        m.xLock = [](sqlite3_file* f, int l) { return self(f)->real()->pMethods->xLock(self(f)->real(), l); };
        m.xUnlock = [](sqlite3_file* f, int l) { return self(f)->real()->pMethods->xUnlock(self(f)->real(), l); };
        m.xCheckReservedLock = [](sqlite3_file* f, int* out) {
            return self(f)->real()->pMethods->xCheckReservedLock(self(f)->real(), out);
        };
        m.xFileControl = [](sqlite3_file* f, int op, void* arg) {
            return self(f)->real()->pMethods->xFileControl(self(f)->real(), op, arg);
        };
        m.xSectorSize = [](sqlite3_file* f) { return self(f)->real()->pMethods->xSectorSize(self(f)->real()); };
        m.xDeviceCharacteristics = [](sqlite3_file* f) {
            // Claim nothing (no atomic writes, no safe append): SQLite must then sync where it has to.
            (void)f;
            return 0;
        };
        m.xShmMap = [](sqlite3_file* f, int pg, int sz, int extend, void volatile** pp) {
            return self(f)->real()->pMethods->xShmMap(self(f)->real(), pg, sz, extend, pp);
        };
        m.xShmLock = [](sqlite3_file* f, int off, int n, int flags) {
            return self(f)->real()->pMethods->xShmLock(self(f)->real(), off, n, flags);
        };
        m.xShmBarrier = [](sqlite3_file* f) { self(f)->real()->pMethods->xShmBarrier(self(f)->real()); };
        m.xShmUnmap = [](sqlite3_file* f, int del) {
            return self(f)->real()->pMethods->xShmUnmap(self(f)->real(), del);
        };
        m.xFetch = [](sqlite3_file* f, sqlite3_int64 off, int n, void** pp) {
            // No memory-mapped reads: they would bypass nothing here, but keep every byte on the xRead path.
            (void)f; (void)off; (void)n;
            *pp = nullptr;
            return SQLITE_OK;
        };
        m.xUnfetch = [](sqlite3_file* f, sqlite3_int64 off, void* p) {
            (void)f; (void)off; (void)p;
            return SQLITE_OK;
        };
        return m;
    }

    sqlite3_vfs* base_ = nullptr;
    sqlite3_vfs vfs_{};
    bool installed_ = false;
    long budget_ = -1;
    long ops_ = 0;
    std::map<std::string, std::optional<std::string>> durable_;
};

} // namespace kiosk::testing
