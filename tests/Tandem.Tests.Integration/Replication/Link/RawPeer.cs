using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Tandem.Replication.Link;
using Tandem.Replication.Protocol;

namespace Tandem.Tests.Integration.Replication.Link;

/// <summary>A bare TCP client speaking the codec by hand: it can send garbage, or run a real handshake and then misbehave.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly TcpClient _client;
    private PipeReader? _reader;

    public NetworkStream Stream => _client.GetStream();

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var peer = new RawPeer();
        await peer._client.ConnectAsync(IPAddress.Loopback, port);
        peer._reader = PipeReader.Create(peer.Stream);
        return peer;
    }

    /// <summary>Wraps a connection the test accepted (the link connected to us).</summary>
    public static RawPeer Accepted(TcpClient client)
    {
        var peer = new RawPeer(client);
        peer._reader = PipeReader.Create(peer.Stream);
        return peer;
    }

    private RawPeer(TcpClient? client = null) => _client = client ?? new TcpClient();

    public async Task SendAsync(ReplicationPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        ReplicationCodec.Write(writer, packet);
        await SendAsync(writer.WrittenMemory);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await Stream.WriteAsync(bytes);

    /// <summary>The next packet, or null when the other side closed the connection.</summary>
    public async Task<ReplicationPacket?> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(LinkTestKit.Patience);
        while (true)
        {
            ReadResult result = await _reader!.ReadAsync(timeout.Token);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (ReplicationCodec.TryRead(ref buffer, out ReplicationPacket packet))
            {
                _reader.AdvanceTo(buffer.Start);
                return packet;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>True once the other side has closed (or reset) the connection; everything before is discarded.</summary>
    public async Task<bool> ClosedByPeerAsync()
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(LinkTestKit.Patience);
        try
        {
            while (await Stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs the real handshake machine with <paramref name="settings"/>; returns its final state.</summary>
    public async Task<HandshakeState> HandshakeAsync(LinkSettings settings)
    {
        var handshake = new LinkHandshake(settings, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await SendAsync(handshake.Start().Send!);
        while (handshake.State is not (HandshakeState.Established or HandshakeState.Refused))
        {
            ReplicationPacket packet = await ReadAsync() ?? throw new IOException("closed during the handshake");
            HandshakeStep step = handshake.Receive(packet);
            if (step.Send is { } reply)
            {
                await SendAsync(reply);
            }

            if (step.State == HandshakeState.AwaitingVerdict)
            {
                await SendAsync(handshake.Accept().Send!);
            }
        }

        return handshake.State;
    }

    public void Dispose() => _client.Dispose();
}
