using Tandem.Fuse.Protocol;
using Tandem.Storage;

namespace Tandem.Fuse;

public sealed partial class BlockFileSystem
{
    const uint BlockSize = 4096;

    FuseReply Metadata(FuseBuffer buffer, FuseRequest request)
    {
        ulong unique = request.Unique;
        var scratch = buffer.Scratch;
        switch (request.Opcode)
        {
            case FuseOpcode.Lookup:
                return Lookup(buffer, request);
            case FuseOpcode.GetAttr:
                request.Read<FuseGetAttrIn>();
                return IsKnown(request.NodeId)
                    ? Reply(buffer, FuseReplyWriter.Struct(scratch, unique, AttrOut(request.NodeId)))
                    : ErrorReply(buffer, unique, Errno.ENOENT);
            case FuseOpcode.SetAttr:
                return SetAttr(buffer, request);
            case FuseOpcode.Open:
                request.Read<FuseOpenIn>();
                return request.NodeId switch
                {
                    FileNode => Reply(buffer, FuseReplyWriter.Struct(scratch, unique, new FuseOpenOut { Fh = NewHandle(), OpenFlags = (uint)FileOpenFlags })),
                    RootNode => ErrorReply(buffer, unique, Errno.EISDIR),
                    _ => ErrorReply(buffer, unique, Errno.ENOENT),
                };
            case FuseOpcode.OpenDir:
                request.Read<FuseOpenIn>();
                return request.NodeId switch
                {
                    RootNode => Reply(buffer, FuseReplyWriter.Struct(scratch, unique, new FuseOpenOut { Fh = NewHandle() })),
                    FileNode => ErrorReply(buffer, unique, Errno.ENOTDIR),
                    _ => ErrorReply(buffer, unique, Errno.ENOENT),
                };
            case FuseOpcode.ReadDir:
                return ReadDir(buffer, request);
            case FuseOpcode.Release:
            case FuseOpcode.ReleaseDir:
                request.Read<FuseReleaseIn>();
                return Reply(buffer, FuseReplyWriter.Empty(scratch, unique));
            case FuseOpcode.FsyncDir:
                request.Read<FuseFsyncIn>();
                return Reply(buffer, FuseReplyWriter.Empty(scratch, unique));
            case FuseOpcode.Access:
                request.Read<FuseAccessIn>(); // the mount uses default_permissions; nothing more to check
                return Reply(buffer, FuseReplyWriter.Empty(scratch, unique));
            case FuseOpcode.StatFs:
                return Reply(buffer, FuseReplyWriter.Struct(scratch, unique, StatFs()));
            default:
                // Includes the xattr opcodes: ENOSYS makes the kernel stop asking (and answer EOPNOTSUPP itself).
                FuseLog.NotImplemented(_logger, request.Opcode);
                return ErrorReply(buffer, unique, Errno.ENOSYS);
        }
    }

    FuseOpenOutFlags FileOpenFlags => _options.DirectIo
        ? FuseOpenOutFlags.DirectIo | FuseOpenOutFlags.ParallelDirectWrites
        : FuseOpenOutFlags.None;

    ulong NewHandle() => (ulong)Interlocked.Increment(ref _nextHandle);

    static bool IsKnown(ulong node) => node is RootNode or FileNode;

    FuseReply Lookup(FuseBuffer buffer, FuseRequest request)
    {
        var name = request.Name();
        if (request.NodeId == FileNode)
            return ErrorReply(buffer, request.Unique, Errno.ENOTDIR);
        if (request.NodeId != RootNode || !name.SequenceEqual(_fileName))
            return ErrorReply(buffer, request.Unique, Errno.ENOENT);
        var (sec, nsec) = Valid;
        var entry = new FuseEntryOut
        {
            NodeId = FileNode,
            Generation = 1,
            EntryValid = sec,
            EntryValidNsec = nsec,
            AttrValid = sec,
            AttrValidNsec = nsec,
            Attr = Attr(FileNode),
        };
        return Reply(buffer, FuseReplyWriter.Struct(buffer.Scratch, request.Unique, entry));
    }

    /// <summary>Size changes are refused (the device has the volume's size); mode and times are accepted and ignored.</summary>
    FuseReply SetAttr(FuseBuffer buffer, FuseRequest request)
    {
        var args = request.Read<FuseSetAttrIn>();
        var valid = (FuseSetAttrValid)args.Valid;
        if (!IsKnown(request.NodeId))
            return ErrorReply(buffer, request.Unique, Errno.ENOENT);
        if (valid.HasFlag(FuseSetAttrValid.Size) && (request.NodeId != FileNode || args.FileSize != (ulong)_size))
            return ErrorReply(buffer, request.Unique, Errno.EPERM);
        if ((valid.HasFlag(FuseSetAttrValid.Uid) && args.Uid != 0) || (valid.HasFlag(FuseSetAttrValid.Gid) && args.Gid != 0))
            return ErrorReply(buffer, request.Unique, Errno.EPERM);
        return Reply(buffer, FuseReplyWriter.Struct(buffer.Scratch, request.Unique, AttrOut(request.NodeId)));
    }

    FuseReply ReadDir(FuseBuffer buffer, FuseRequest request)
    {
        var args = request.Read<FuseReadIn>();
        if (request.NodeId != RootNode)
            return ErrorReply(buffer, request.Unique, request.NodeId == FileNode ? Errno.ENOTDIR : Errno.ENOENT);
        var payload = buffer.Scratch[FuseOutHeader.Size..];
        payload = payload[..(int)Math.Min(args.ReadSize, (uint)payload.Length)];
        int used = 0;
        // Entry i has offset i; fuse_dirent.off is the offset to resume after it.
        for (ulong i = args.Offset; i < 3; i++)
        {
            ulong ino = i == 2 ? FileNode : RootNode;
            uint type = i == 2 ? FuseFlagBits.DtReg : FuseFlagBits.DtDir;
            ReadOnlySpan<byte> name = i switch { 0 => "."u8, 1 => ".."u8, _ => _fileName };
            if (!FuseDirent.TryWrite(payload[used..], ino, i + 1, type, name, out int written))
                break;
            used += written;
        }
        return Reply(buffer, FuseReplyWriter.Header(buffer.Scratch, request.Unique, used));
    }

    (ulong Sec, uint Nsec) Valid => ((ulong)_options.AttrValid.TotalSeconds, (uint)(_options.AttrValid.Ticks % TimeSpan.TicksPerSecond * 100));

    FuseAttrOut AttrOut(ulong node)
    {
        var (sec, nsec) = Valid;
        return new FuseAttrOut { AttrValid = sec, AttrValidNsec = nsec, Attr = Attr(node) };
    }

    FuseAttr Attr(ulong node) => new()
    {
        Ino = node,
        FileSize = node == FileNode ? (ulong)_size : 0,
        Blocks = node == FileNode ? (ulong)_size / 512 : 0,
        Atime = _mountTime,
        Mtime = _mountTime,
        Ctime = _mountTime,
        Mode = node == FileNode ? FuseFlagBits.SIfReg | _options.FileMode : FuseFlagBits.SIfDir | 0x1ED, // 0755
        Nlink = node == FileNode ? 1u : 2u,
        BlkSize = BlockSize,
    };

    FuseStatfsOut StatFs() => new()
    {
        Blocks = (ulong)_size / BlockSize,
        Bfree = 0,
        Bavail = 0,
        Files = 2,
        Ffree = 0,
        Bsize = BlockSize,
        NameLen = FuseRequest.MaxNameLength,
        Frsize = BlockSize,
    };
}
