using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tandem.Control.Protocol;

namespace Tandem.Control;

/// <summary>
/// The daemon's end of the control socket (a Unix socket, mode 0600: only root may command the node).
/// Each line is a <see cref="ControlRequest"/>, answered by one <see cref="ControlResponse"/> line.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    readonly Socket _listener;
    readonly Func<ControlRequest, CancellationToken, Task<ControlResponse>> _handler;
    readonly ILogger _log;
    readonly CancellationTokenSource _stop = new();
    readonly Task _accepting;

    public ControlServer(string path, Func<ControlRequest, CancellationToken, Task<ControlResponse>> handler, ILogger log)
    {
        Path = path;
        _handler = handler;
        _log = log;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        RemoveStaleSocket(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        // Bound and listening under a temporary name first, then renamed into place: a client that
        // sees the socket file can always connect (never "refused" between bind and listen).
        string pending = path + ".starting";
        File.Delete(pending);
        _listener.Bind(new UnixDomainSocketEndPoint(pending));
        File.SetUnixFileMode(pending, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(16);
        File.Move(pending, path, overwrite: true);
        _accepting = AcceptLoop();
        _log.Listening(path);
    }

    public string Path { get; }

    /// <summary>Refuses to steal the socket of a daemon that is still running; removes a dead one's file.</summary>
    static void RemoveStaleSocket(string path)
    {
        if (!File.Exists(path))
            return;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }
        throw new InvalidOperationException($"another tandem daemon is already listening on {path}; stop it first or give this node its own control_socket");
    }

    async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) when (_stop.IsCancellationRequested) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Serve(client);
        }
    }

    async Task Serve(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(_stop.Token);
                var buffer = read.Buffer;
                while (ControlCodec.TryReadLine(ref buffer, out var line))
                {
                    var request = ControlCodec.Parse<ControlRequest>(line);
                    ControlResponse response;
                    try { response = await _handler(request, _stop.Token); }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        _log.CommandFailed(request.Command, e);
                        response = ControlResponse.Fail($"{request.Command} failed: {e.Message}");
                    }
                    await stream.WriteAsync(ControlCodec.Write(response), _stop.Token);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                    return;
            }
        }
        catch (ControlProtocolException e) { _log.BadMessage(e.Message); }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException) { }
        finally { await reader.CompleteAsync(); }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _accepting;
        try { File.Delete(Path); } catch (IOException) { }
    }
}
