using Tandem.Streams;

namespace Tandem.Tests.Unit.Streams;

/// <summary>Exact reads of frames: small ones read ahead through the buffer, large payloads straight into their destination.</summary>
public sealed class FrameInputBufferTests
{
    /// <summary>Serves a byte array in reads of at most <c>chunk</c> bytes and records what each read asked for.</summary>
    sealed class RecordingStream(byte[] data, int chunk) : Stream
    {
        int _position;
        public List<int> Asked { get; } = [];

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            Asked.Add(buffer.Length);
            int n = Math.Min(Math.Min(buffer.Length, chunk), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => new(Read(buffer.Span));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(100_000)]
    [InlineData(7)]
    public async Task Frames_of_every_size_read_back_exactly_whatever_the_stream_returns_per_read(int chunk)
    {
        // header 16, large 300 KiB, header, small 100, header, small 3, header, large 1 MiB, header
        int[] sizes = [16, 300 * 1024, 16, 100, 16, 3, 16, 1 << 20, 16];
        var data = Bytes(sizes.Sum(), 5);
        var input = new FrameInputBuffer(new RecordingStream(data, chunk), 256 * 1024);
        int at = 0;
        foreach (int size in sizes)
        {
            var frame = new byte[size];
            Assert.True(await input.ReadExactlyAsync(frame, CancellationToken.None));
            Assert.Equal(data.AsSpan(at, size).ToArray(), frame);
            at += size;
        }
        Assert.False(await input.ReadExactlyAsync(new byte[16], CancellationToken.None)); // a clean end between frames
    }

    [Fact]
    public async Task After_a_large_payload_the_next_header_is_read_alone_and_small_frames_read_ahead_again()
    {
        int[] sizes = [16, 512 * 1024, 16, 100, 16, 100];
        var stream = new RecordingStream(Bytes(sizes.Sum(), 6), int.MaxValue);
        var wanted = new List<int>();
        var input = new FrameInputBuffer(stream, 256 * 1024, wanted.Add);
        foreach (int size in sizes)
            Assert.True(await input.ReadExactlyAsync(new byte[size], CancellationToken.None));

        // 1: the first header reads ahead (the whole buffer), pulling the payload's first 256 KiB - 16 with it;
        // 2: the rest of the payload straight into it; 3: the next header alone (no read-ahead into a payload);
        // 4: the small payload reads ahead again, and the last header and payload come out of the buffer.
        Assert.Equal([256 * 1024, 512 * 1024 - (256 * 1024 - 16), 16, 256 * 1024], stream.Asked);
        Assert.Equal([1, 512 * 1024 - (256 * 1024 - 16), 16, 1], wanted);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_is_an_error()
    {
        var input = new FrameInputBuffer(new RecordingStream(Bytes(16 + 1000, 7), 64), 256 * 1024);
        Assert.True(await input.ReadExactlyAsync(new byte[16], CancellationToken.None));
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await input.ReadExactlyAsync(new byte[200 * 1024], CancellationToken.None));
    }
}
