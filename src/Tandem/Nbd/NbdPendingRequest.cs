using System.Threading.Tasks.Sources;
using Tandem.Nbd.Protocol;

namespace Tandem.Nbd;

/// <summary>
/// A request the client has sent and not yet seen answered. Reusable: an awaitable without a
/// TaskCompletionSource allocation per request.
/// </summary>
internal sealed class NbdPendingRequest : IValueTaskSource<NbdError>
{
    private ManualResetValueTaskSourceCore<NbdError> _core = new() { RunContinuationsAsynchronously = true };

    public NbdCommand Command { get; private set; }

    /// <summary>Where a successful READ's data goes.</summary>
    public Memory<byte> ReadBuffer { get; private set; }

    public void Prepare(NbdCommand command, Memory<byte> readBuffer)
    {
        _core.Reset();
        Command = command;
        ReadBuffer = readBuffer;
    }

    public ValueTask<NbdError> AsValueTask() => new(this, _core.Version);

    public void Complete(NbdError error)
    {
        ReadBuffer = default;
        _core.SetResult(error);
    }

    public void Fail(Exception exception)
    {
        ReadBuffer = default;
        _core.SetException(exception);
    }

    public NbdError GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
