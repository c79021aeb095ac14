using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tandem.Storage;

namespace Tandem.Streams;

/// <summary>
/// A connected socket's stream that reads and writes the descriptor itself (recv(2), send(2), poll(2)) and never goes
/// through the runtime's socket engine. An engine-driven read wakes the engine's thread first, which hands the event
/// to a pool thread: two wake-ups before anyone looks at the data, on every packet of a round trip; and once a socket
/// has been used asynchronously, every arriving packet wakes them, whoever reads it. Here a reader with a thread of
/// its own waits in poll(2) and the kernel wakes that thread alone.
/// <para>
/// Reads are synchronous (one reading thread). A write sends what the socket takes at once on the caller's thread;
/// only when the socket's buffer is full does <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> wait
/// for room on a pool thread, so a caller never blocks on a congested peer. The socket must not have been used
/// asynchronously (its connect and accept included) and must not be used through the runtime while this stream is.
/// </para>
/// </summary>
internal sealed partial class DirectSocketStream(Socket socket) : Stream
{
    /// <summary>The longest single wait in poll(2) before a cancellation is looked at again.</summary>
    public static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);

    private const short PollIn = 0x001;
    private const short PollOut = 0x004;
    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;

    private readonly SafeSocketHandle _handle = socket.SafeHandle;
    private readonly int _fd = (int)socket.SafeHandle.DangerousGetHandle();

    /// <summary>Ends a waiting <see cref="Read(Span{byte})"/> or synchronous write with <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Ends an asynchronous write waiting for room when its caller passed no token of its own (TLS's close_notify).</summary>
    public CancellationToken WriteCancellation { get; set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>At least one byte, or 0 once the peer closed its side; waits for data.</summary>
    public override unsafe int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Recv(_fd, p, (nuint)buffer.Length, MsgDontWait);
                if (n >= 0)
                {
                    return (int)n;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EAGAIN)
                {
                    Wait(PollIn, "receiving", Cancellation);
                }
                else if (errno != Errno.EINTR)
                {
                    throw Failed("receiving", errno);
                }
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads belong to the stream's reading thread.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("a direct socket stream is read synchronously, on its reading thread");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        throw new NotSupportedException("a direct socket stream is read synchronously, on its reading thread");

    /// <summary>Sends everything, waiting for room as long as it takes (or until <see cref="Cancellation"/>).</summary>
    public override void Write(ReadOnlySpan<byte> buffer) => SendAll(buffer, Cancellation);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Sends what the socket takes now; the rest, if any, waits for room on a pool thread.</summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int sent = SendSome(buffer.Span);
        if (sent == buffer.Length)
        {
            return ValueTask.CompletedTask;
        }

        CancellationToken ct = cancellationToken.CanBeCanceled ? cancellationToken : WriteCancellation;
        return new ValueTask(Task.Run(() => WriteRest(buffer[sent..], ct), ct));
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// The rest of an asynchronous write, on a pool thread. Its caller may stop waiting for it and close the socket: the
    /// descriptor stays open until this returns, so its number cannot be reused under it by a new connection.
    /// </summary>
    private void WriteRest(ReadOnlyMemory<byte> rest, CancellationToken ct)
    {
        bool held = false;
        _handle.DangerousAddRef(ref held);
        try
        {
            SendAll(rest.Span, ct);
        }
        finally
        {
            if (held)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>Sends everything, waiting in poll(2) for room whenever the socket's buffer is full.</summary>
    private void SendAll(ReadOnlySpan<byte> bytes, CancellationToken ct)
    {
        int sent = SendSome(bytes);
        while (sent < bytes.Length)
        {
            Wait(PollOut, "sending", ct);
            sent += SendSome(bytes[sent..]);
        }
    }

    /// <summary>Bytes the socket took without waiting (0 when its buffer is full).</summary>
    private unsafe int SendSome(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            int sent = 0;
            while (sent < bytes.Length)
            {
                nint n = Send(_fd, p + sent, (nuint)(bytes.Length - sent), MsgDontWait | MsgNoSignal);
                if (n >= 0)
                {
                    sent += (int)n;
                    continue;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EAGAIN)
                {
                    return sent;
                }

                if (errno != Errno.EINTR)
                {
                    throw Failed("sending", errno);
                }
            }

            return sent;
        }
    }

    /// <summary>Waits until the socket is ready for <paramref name="events"/> (or has an error, or ended), or throws once <paramref name="ct"/> is cancelled.</summary>
    private unsafe void Wait(short events, string what, CancellationToken ct)
    {
        var fds = new PollFd { Fd = _fd, Events = events };
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            int ready = Poll(&fds, 1, (int)WaitSlice.TotalMilliseconds);
            if (ready > 0)
            {
                return;
            }

            if (ready < 0 && Marshal.GetLastPInvokeError() is var pollErrno && pollErrno != Errno.EINTR)
            {
                throw Failed(what, pollErrno);
            }
        }
    }

    private static IOException Failed(string what, int errno) => new($"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)}");

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static unsafe partial nint Recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static unsafe partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMs);
}
