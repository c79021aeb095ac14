using System.Text;
using Microsoft.Extensions.Logging;
using Tandem.Fuse.Protocol;
using Tandem.Storage;

namespace Tandem.Fuse;

/// <summary>
/// The request handler of a filesystem holding one regular file whose bytes are an
/// <see cref="IBlockTarget"/>. No file descriptors, no threads: a request buffer in, a reply out.
/// Node 1 is the root directory, node 2 the file. Safe for concurrent calls once Running.
/// </summary>
public sealed partial class BlockFileSystem
{
    public const ulong RootNode = 1, FileNode = 2;
    const int EINTR = 4;

    readonly IBlockTarget _target;
    readonly FuseBlockFileOptions _options;
    readonly ILogger _logger;
    readonly byte[] _fileName;
    readonly long _size;
    readonly ulong _mountTime;
    readonly string _label;
    long _nextHandle;
    int _state = (int)FuseSessionState.AwaitingInit;
    readonly TaskCompletionSource<FuseInitOut> _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BlockFileSystem(IBlockTarget target, FuseBlockFileOptions options, ILogger logger, TimeProvider time, string label)
    {
        options.Validate();
        _target = target;
        _options = options;
        _logger = logger;
        _label = label;
        _fileName = Encoding.UTF8.GetBytes(options.FileName);
        _size = target.SizeBytes;
        _mountTime = (ulong)time.GetUtcNow().ToUnixTimeSeconds();
    }

    public FuseSessionState State => (FuseSessionState)Volatile.Read(ref _state);

    /// <summary>Completes with the negotiated parameters once INIT is accepted; faults if it is refused.</summary>
    public Task<FuseInitOut> Initialized => _initialized.Task;

    /// <summary>Flushes that reached the target (FSYNC and FLUSH requests).</summary>
    public long FlushCount => Interlocked.Read(ref _flushes);
    long _flushes;

    /// <summary>
    /// Handles one request of <paramref name="length"/> bytes at the start of the buffer's request area.
    /// Never throws for a bad request or a failed target: those become error replies.
    /// </summary>
    public ValueTask<FuseReply> HandleAsync(FuseBuffer buffer, int length, CancellationToken ct)
    {
        FuseRequest request;
        try
        {
            request = FuseRequest.Parse(buffer.Request[..length]);
        }
        catch (FuseProtocolException e)
        {
            FuseLog.ProtocolError(_logger, e.Message);
            return new(length >= FuseInHeader.Size ? ErrorReply(buffer, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(buffer.Request[8..]), Errno.EIO) : FuseReply.None);
        }

        try
        {
            return Dispatch(buffer, request, ct);
        }
        catch (FuseProtocolException e)
        {
            FuseLog.ProtocolError(_logger, e.Message);
            return new(ErrorReply(buffer, request.Unique, Errno.EINVAL));
        }
    }

    ValueTask<FuseReply> Dispatch(FuseBuffer buffer, FuseRequest request, CancellationToken ct)
    {
        var state = State;
        if (request.Opcode == FuseOpcode.Init)
            return new(state == FuseSessionState.AwaitingInit ? Init(buffer, request) : Unexpected(buffer, request, state));
        if (request.Opcode is FuseOpcode.Forget or FuseOpcode.BatchForget or FuseOpcode.Interrupt)
            return new(FuseReply.None); // no reply; one inode that never goes away; interrupts are ignored
        if (state != FuseSessionState.Running)
            return new(Unexpected(buffer, request, state));

        switch (request.Opcode)
        {
            case FuseOpcode.Read: return ReadAsync(buffer, request.Unique, request.NodeId, request.Read<FuseReadIn>(), ct);
            case FuseOpcode.Write: return Write(buffer, request, ct);
            case FuseOpcode.Fsync:
                request.Read<FuseFsyncIn>();
                return FlushAsync(buffer, request.Unique, FuseOpcode.Fsync, ct);
            case FuseOpcode.Flush:
                request.Read<FuseFlushIn>();
                return FlushAsync(buffer, request.Unique, FuseOpcode.Flush, ct);
            case FuseOpcode.Fallocate: return FallocateAsync(buffer, request.Unique, request.NodeId, request.Read<FuseFallocateIn>(), ct);
            case FuseOpcode.Destroy: return new(Destroy(buffer, request));
            default: return new(Metadata(buffer, request));
        }
    }

    FuseReply Unexpected(FuseBuffer buffer, FuseRequest request, FuseSessionState state)
    {
        FuseLog.UnexpectedRequest(_logger, request.Opcode, state);
        return ErrorReply(buffer, request.Unique, Errno.EIO);
    }

    void Transition(FuseSessionState from, FuseSessionState to)
    {
        if (Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from)
            FuseLog.StateChanged(_logger, _label, from, to);
    }

    FuseReply Destroy(FuseBuffer buffer, FuseRequest request)
    {
        Transition(FuseSessionState.Running, FuseSessionState.Destroyed);
        return Reply(buffer, FuseReplyWriter.Empty(buffer.Scratch, request.Unique));
    }

    static FuseReply Reply(FuseBuffer buffer, int scratchLength) => new(buffer.ScratchOffset, scratchLength);

    static FuseReply ErrorReply(FuseBuffer buffer, ulong unique, int errno) =>
        Reply(buffer, FuseReplyWriter.Error(buffer.Scratch, unique, errno));

    /// <summary>The errno to report for a failed target call.</summary>
    int ErrnoOf(Exception e, FuseOpcode opcode)
    {
        int errno = e switch
        {
            BlockIoException b when b.Errno is > 0 and < 4096 => b.Errno,
            OperationCanceledException => EINTR,
            _ => Errno.EIO,
        };
        FuseLog.RequestFailed(_logger, e, opcode, errno);
        return errno;
    }
}
