using System.IO.Pipelines;
using System.Net.Sockets;
using Tandem.Control.Protocol;

namespace Tandem.Control;

/// <summary>The CLI's end of the control socket.</summary>
public static class ControlClient
{
    public static async Task<ControlResponse> SendAsync(string socketPath, ControlRequest request, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused)
        {
            throw new DaemonUnreachableException(socketPath);
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(ControlCodec.Write(request), ct);
        var reader = PipeReader.Create(stream);
        while (true)
        {
            var read = await reader.ReadAsync(ct);
            var buffer = read.Buffer;
            if (ControlCodec.TryReadLine(ref buffer, out var line))
                return ControlCodec.Parse<ControlResponse>(line);
            if (read.IsCompleted)
                throw new IOException($"the daemon on {socketPath} closed the connection without answering; see its log");
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}

public sealed class DaemonUnreachableException(string path)
    : Exception($"no tandem daemon is running on {path}; start it with: tandem daemon (or check control_socket in the config)");
