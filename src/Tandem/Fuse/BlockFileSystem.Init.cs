using Tandem.Fuse.Protocol;

namespace Tandem.Fuse;

public sealed partial class BlockFileSystem
{
    FuseReply Init(FuseBuffer buffer, FuseRequest request)
    {
        var kernel = request.ReadPrefix<FuseInitIn>(FuseInitIn.CompatSize);
        var decision = FuseInitNegotiation.Negotiate(kernel, (uint)_options.MaxWrite, _options.MaxBackground);
        switch (decision.Outcome)
        {
            case FuseInitOutcome.Retry:
                // Only major and minor are read by a kernel that must step down (fuse.h).
                return Reply(buffer, FuseReplyWriter.Struct(buffer.Scratch, request.Unique, decision.Reply));
            case FuseInitOutcome.Refused:
                FuseLog.InitRefused(_logger, kernel.Major, kernel.Minor, decision.Reason);
                Transition(FuseSessionState.AwaitingInit, FuseSessionState.Failed);
                _initialized.TrySetException(new IOException($"FUSE INIT refused: {decision.Reason}"));
                return ErrorReply(buffer, request.Unique, decision.Errno);
            default:
                FuseLog.Initialized(_logger, decision.Reply.Minor, kernel.Minor, decision.Reply.Flags, decision.Reply.MaxWrite);
                Transition(FuseSessionState.AwaitingInit, FuseSessionState.Running);
                var reply = Reply(buffer, FuseReplyWriter.Struct(buffer.Scratch, request.Unique, decision.Reply));
                _initialized.TrySetResult(decision.Reply);
                return reply;
        }
    }

    /// <summary>Fails <see cref="Initialized"/> when the session ends before INIT (unmounted, aborted).</summary>
    internal void SessionEnded(Exception reason) => _initialized.TrySetException(reason);
}
