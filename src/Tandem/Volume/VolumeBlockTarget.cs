using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Volume;

/// <summary>
/// The volume's data region as the front ends (NBD export, block device) see it: ranges checked against
/// the size, then every request goes through the replica (which refuses I/O unless Primary, as DRBD
/// does, writes the local disk and the peer, and completes by the protocol's rules).
/// </summary>
public sealed class VolumeBlockTarget(string volume, ReplicaHost host) : IBlockTarget
{
    public long SizeBytes => host.SizeBytes;

    const int Piece = ReplicationLimits.MaxDataLength;

    public async ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        Check(offset, buffer.Length, Errno.EINVAL);
        if (buffer.Length <= Piece)
        {
            (await host.ReadAsync(offset, buffer.Length)).CopyTo(buffer);
            return;
        }
        // Larger requests go in pieces a peer can answer in one packet, all at once.
        var pieces = new List<Task>();
        for (int done = 0; done < buffer.Length; done += Piece)
        {
            var part = buffer.Slice(done, Math.Min(Piece, buffer.Length - done));
            long at = offset + done;
            pieces.Add(ReadPiece(at, part));
        }
        await Task.WhenAll(pieces);
    }

    async Task ReadPiece(long offset, Memory<byte> part) => (await host.ReadAsync(offset, part.Length)).CopyTo(part);

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, bool fua, CancellationToken ct)
    {
        Check(offset, data.Length, Errno.ENOSPC);
        if (data.Length <= Piece)
            return new ValueTask(WritePiece(offset, data, fua));
        var pieces = new List<Task>();
        for (int done = 0; done < data.Length; done += Piece)
            pieces.Add(WritePiece(offset + done, data.Slice(done, Math.Min(Piece, data.Length - done)), fua));
        return new ValueTask(Task.WhenAll(pieces));
    }

    // The caller reuses its buffer once this completes; with a peer the replica makes sure nothing reads it by then.
    Task WritePiece(long offset, ReadOnlyMemory<byte> data, bool fua) => host.Replicated
        ? host.WriteReplicatedAsync(offset, data, fua)
        : host.WriteAsync(offset, data.Length, WriteKind.Data, fua, data);

    public ValueTask FlushAsync(CancellationToken ct) => new(host.FlushAsync());

    public ValueTask TrimAsync(long offset, long length, CancellationToken ct)
    {
        Check(offset, length, Errno.EINVAL);
        return Ranged(offset, length, WriteKind.Trim, false);
    }

    public ValueTask WriteZeroesAsync(long offset, long length, bool fua, CancellationToken ct)
    {
        Check(offset, length, Errno.ENOSPC);
        return Ranged(offset, length, WriteKind.Zeroes, fua);
    }

    /// <summary>Trim and zeroes may name ranges beyond one packet; they go in pieces of at most 1 MiB.</summary>
    async ValueTask Ranged(long offset, long length, WriteKind kind, bool fua)
    {
        for (long done = 0; done < length; done += Piece)
            await host.WriteAsync(offset + done, (int)Math.Min(Piece, length - done), kind, fua, ReadOnlyMemory<byte>.Empty);
    }

    void Check(long offset, long length, int outOfRange)
    {
        if (offset < 0 || length < 0 || offset > SizeBytes - length)
            throw new BlockIoException(outOfRange, $"{volume}: range {offset}+{length} is beyond the size {SizeBytes}");
    }
}
