using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tandem.Fuse;
using Tandem.Fuse.Protocol;

namespace Tandem.Tests.Unit.Fuse;

public sealed class FuseBufferTests
{
    [Theory]
    [InlineData(8192)]
    [InlineData((1 << 20) + 8192)]
    public unsafe void A_writes_data_lands_on_a_4_KiB_boundary_and_the_areas_do_not_overlap(int capacity)
    {
        for (int i = 0; i < 8; i++) // several allocations: wherever the runtime places them
        {
            var buffer = new FuseBuffer(capacity);
            byte* request = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer.Request));
            Assert.Equal((nint)request, (nint)buffer.Pointer);
            Assert.Equal(FuseInHeader.Size + FuseWriteIn.Size, FuseBuffer.WriteDataOffset);
            Assert.Equal(0, (long)(request + FuseBuffer.WriteDataOffset) % 4096);
            Assert.Equal(capacity, buffer.Request.Length);
            Assert.Equal(capacity, buffer.RequestMemory.Length);
            byte* scratch = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer.Scratch));
            Assert.Equal((nint)(request + capacity), (nint)scratch);

            buffer.Scratch[..4].Fill(7);
            var reply = new FuseReply(buffer.ScratchOffset, 4);
            Assert.Equal([7, 7, 7, 7], buffer.ReplyBytes(reply).ToArray());
            buffer.Request[..3].Fill(9);
            Assert.Equal([9, 9, 9], buffer.ReplyBytes(new FuseReply(0, 3)).ToArray());
        }
    }
}
