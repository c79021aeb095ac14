using System.Buffers;
using Tandem.Replication.Link;
using Tandem.Replication.Protocol;
using Tandem.Tests.Unit.Replication.Protocol;

namespace Tandem.Tests.Unit.Replication.Link;

public sealed class BatchBufferTests
{
    [Fact]
    public void Frames_encoded_into_a_small_batch_that_grows_match_the_codec()
    {
        using var batch = new BatchBuffer(1024);
        var expected = new ArrayBufferWriter<byte>();
        for (int round = 0; round < 2; round++)
        {
            foreach (ReplicationPacket packet in PacketSamples.All())
            {
                ReplicationCodec.Write(batch, packet);
                ReplicationCodec.Write(expected, packet);
            }

            Assert.True(batch.WrittenMemory.Span.SequenceEqual(expected.WrittenSpan));
            batch.Reset();
            expected.Clear();
            Assert.Equal(0, batch.Written);
        }
    }
}
