using Tandem.Fuse.Protocol;
using Tandem.Storage;

namespace Tandem.Fuse;

public sealed partial class BlockFileSystem
{
    /// <summary>Offset of WRITE data in the request: header, fuse_write_in, data (extensions, if any, follow the data).</summary>
    const int WriteDataOffset = FuseBuffer.WriteDataOffset;

    async ValueTask<FuseReply> ReadAsync(FuseBuffer buffer, ulong unique, ulong node, FuseReadIn args, CancellationToken ct)
    {
        if (node != FileNode)
            return ErrorReply(buffer, unique, node == RootNode ? Errno.EISDIR : Errno.ENOENT);
        if (args.ReadSize > buffer.RequestCapacity - FuseOutHeader.Size || args.Offset > long.MaxValue)
            return ErrorReply(buffer, unique, Errno.EINVAL);
        long offset = (long)args.Offset;
        int count = offset >= _size ? 0 : (int)Math.Min(args.ReadSize, _size - offset); // short read at the end = EOF
        if (count > 0)
        {
            try
            {
                // The reply is built over the request, which is no longer needed: data at 16, header at 0.
                await _target.ReadAsync(offset, buffer.RequestMemory.Slice(FuseOutHeader.Size, count), ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return ErrorReply(buffer, unique, ErrnoOf(e, FuseOpcode.Read));
            }
        }
        return new FuseReply(0, FuseReplyWriter.Header(buffer.Request, unique, count));
    }

    ValueTask<FuseReply> Write(FuseBuffer buffer, FuseRequest request, CancellationToken ct)
    {
        var args = request.Read<FuseWriteIn>();
        var data = request.After(FuseWriteIn.Size);
        if (data.Length != args.WriteSize)
            throw new FuseProtocolException($"WRITE of {args.WriteSize} bytes carries {data.Length}");
        return WriteAsync(buffer, request.Unique, request.NodeId, args, ct);
    }

    async ValueTask<FuseReply> WriteAsync(FuseBuffer buffer, ulong unique, ulong node, FuseWriteIn args, CancellationToken ct)
    {
        if (node != FileNode)
            return ErrorReply(buffer, unique, node == RootNode ? Errno.EISDIR : Errno.ENOENT);
        if (args.Offset > (ulong)_size || args.WriteSize > (ulong)_size - args.Offset)
            return ErrorReply(buffer, unique, Errno.ENOSPC); // a device does not grow
        bool fua = (args.Flags & FuseFlagBits.ODsync) != 0; // O_DSYNC, or O_SYNC which includes it
        if (args.WriteSize > 0)
        {
            try
            {
                await _target.WriteAsync((long)args.Offset, buffer.RequestMemory.Slice(WriteDataOffset, (int)args.WriteSize), fua, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return ErrorReply(buffer, unique, ErrnoOf(e, FuseOpcode.Write));
            }
        }
        return Reply(buffer, FuseReplyWriter.Struct(buffer.Scratch, unique, new FuseWriteOut { WrittenSize = args.WriteSize }));
    }

    /// <summary>FSYNC/FDATASYNC (the loop device's flush) and FLUSH (close): durable before the reply.</summary>
    async ValueTask<FuseReply> FlushAsync(FuseBuffer buffer, ulong unique, FuseOpcode opcode, CancellationToken ct)
    {
        try
        {
            await _target.FlushAsync(ct).ConfigureAwait(false);
            Interlocked.Increment(ref _flushes);
        }
        catch (Exception e)
        {
            return ErrorReply(buffer, unique, ErrnoOf(e, opcode));
        }
        return Reply(buffer, FuseReplyWriter.Empty(buffer.Scratch, unique));
    }

    /// <summary>PUNCH_HOLE|KEEP_SIZE (the loop device's discard) trims; ZERO_RANGE (write-zeroes) zeroes; nothing else.</summary>
    async ValueTask<FuseReply> FallocateAsync(FuseBuffer buffer, ulong unique, ulong node, FuseFallocateIn args, CancellationToken ct)
    {
        if (node != FileNode)
            return ErrorReply(buffer, unique, node == RootNode ? Errno.EISDIR : Errno.ENOENT);
        const uint punch = FuseFlagBits.FallocPunchHole | FuseFlagBits.FallocKeepSize;
        bool isPunch = args.Mode == punch;
        bool isZero = (args.Mode & ~FuseFlagBits.FallocKeepSize) == FuseFlagBits.FallocZeroRange;
        if (!isPunch && !isZero)
            return ErrorReply(buffer, unique, Errno.EOPNOTSUPP);
        if (args.Offset > long.MaxValue || args.Length > long.MaxValue || args.Length == 0)
            return ErrorReply(buffer, unique, Errno.EINVAL);
        bool keepSize = (args.Mode & FuseFlagBits.FallocKeepSize) != 0;
        if (!keepSize && args.Offset + args.Length > (ulong)_size)
            return ErrorReply(buffer, unique, Errno.ENOSPC); // would grow the file
        long offset = (long)args.Offset;
        long length = offset >= _size ? 0 : Math.Min((long)args.Length, _size - offset);
        if (length > 0)
        {
            try
            {
                if (isPunch)
                    await _target.TrimAsync(offset, length, ct).ConfigureAwait(false);
                else
                    await _target.WriteZeroesAsync(offset, length, fua: false, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return ErrorReply(buffer, unique, ErrnoOf(e, FuseOpcode.Fallocate));
            }
        }
        return Reply(buffer, FuseReplyWriter.Empty(buffer.Scratch, unique));
    }
}
