using System.Collections.Concurrent;
using Tandem.Replication.Core;
using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Volume;

// Application requests (the NBD export's) as core inputs, answered through task sources.
public sealed partial class ReplicaHost
{
    readonly ConcurrentDictionary<ulong, TaskCompletionSource<ReadOnlyMemory<byte>>> _requests = new();
    long _nextReq;

    public Task<ReadOnlyMemory<byte>> ReadAsync(long offset, int length) =>
        Submit(r => new ReplicaInput.AppRead(r, offset, length));

    /// <summary>The data must stay unchanged until the task completes (and, with a peer, beyond: pass a copy).</summary>
    public Task WriteAsync(long offset, int length, WriteKind kind, bool fua, ReadOnlyMemory<byte> data) =>
        Submit(r => new ReplicaInput.AppWrite(r, offset, length, kind, fua, data));

    public Task FlushAsync() => Submit(r => new ReplicaInput.AppFlush(r));

    /// <summary>True when writes may travel to a peer (their data must then outlive the request).</summary>
    public bool Replicated => _peer is not null;

    Task<ReadOnlyMemory<byte>> Submit(Func<ulong, ReplicaInput> make)
    {
        ulong req = (ulong)Interlocked.Increment(ref _nextReq);
        // Completed outside the core's lock (Execute runs after it), so the waiting request goes on on the
        // completing thread (it sends its reply and returns) instead of waiting for another thread to wake.
        var tcs = new TaskCompletionSource<ReadOnlyMemory<byte>>();
        _requests[req] = tcs;
        Handle(make(req), inline: true);
        return tcs.Task;
    }

    void CompleteRequest(ulong req, int errno, ReadOnlyMemory<byte> data)
    {
        if (!_requests.TryRemove(req, out var tcs))
            return;
        if (errno == 0)
            tcs.TrySetResult(data);
        else
            tcs.TrySetException(new BlockIoException(errno, $"{Name}: {Describe(errno)}"));
    }

    string Describe(int errno) => errno switch
    {
        Errno.EPERM => "not Primary",
        Errno.EIO => "I/O error (no usable disk: local disk failed and no peer to continue through)",
        _ => $"error {errno}",
    };
}
