using Azure.Messaging.ServiceBus;
using Serverless.Azure.Messaging;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Tests.Messaging;

/// <summary>What runs without a namespace: the mapping between bus messages and Service Bus messages, built with the SDK's model factory.</summary>
public sealed class ServiceBusMessageMappingTests
{
    [Fact]
    public void ToServiceBusMessage_BodyIdAndProperties_AreCarriedAcross()
    {
        var random = new Random(3);
        for (var i = 0; i < 50; i++)
        {
            var body = new byte[random.Next(0, 70_000)];
            random.NextBytes(body);
            var props = Enumerable.Range(0, random.Next(0, 5)).ToDictionary(n => $"k{n}", n => $"v{n}ü/#{random.Next()}");
            var outgoing = ServiceBusMessageBus.ToServiceBusMessage(new BusMessage($"id-{i}", body, props));

            Assert.Equal($"id-{i}", outgoing.MessageId);
            Assert.Equal(body, outgoing.Body.ToArray());
            Assert.Equal(props.OrderBy(p => p.Key), outgoing.ApplicationProperties.Select(p => KeyValuePair.Create(p.Key, (string)p.Value)).OrderBy(p => p.Key));
        }
    }

    [Fact]
    public void ToDeadLetter_ReasonAndDescription_AreBothKept()
    {
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromBytes(new byte[] { 1, 2, 3 }),
            messageId: "m-1",
            properties: new Dictionary<string, object>
            {
                ["traceparent"] = "00-abc-def-01",
                ["n"] = 5,
                ["DeadLetterReason"] = ServiceBusMessageBus.HandlerFailedReason,
                ["DeadLetterErrorDescription"] = "The handler failed on delivery 3 of at most 3: System.InvalidOperationException: boom",
            },
            deliveryCount: 3);

        var letter = ServiceBusMessageBus.ToDeadLetter(received, "work");

        Assert.Equal("m-1", letter.Message.MessageId);
        Assert.Equal(new byte[] { 1, 2, 3 }, letter.Message.Body.ToArray());
        Assert.Equal("00-abc-def-01", letter.Message.Properties!["traceparent"]);
        Assert.Equal("5", letter.Message.Properties["n"]);
        Assert.Equal(2, letter.Message.Properties.Count);
        Assert.Equal(3, letter.DeliveryCount);
        Assert.Equal("work", letter.Queue);
        Assert.StartsWith("HandlerFailed: ", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("boom", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDeadLetter_ServiceSideDeadLetterWithoutDescription_UsesTheReason()
    {
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            messageId: "m-2", deliveryCount: 10, properties: new Dictionary<string, object> { ["DeadLetterReason"] = "MaxDeliveryCountExceeded" });
        Assert.Equal("MaxDeliveryCountExceeded", ServiceBusMessageBus.ToDeadLetter(received, "work").Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Endpoint=not-a-uri")]
    public void FromConnectionString_Malformed_ThrowsArgumentExceptionWithExample(string connectionString)
    {
        var ex = Assert.Throws<ArgumentException>(() => ServiceBusMessageBus.FromConnectionString(connectionString));
        Assert.Contains("Endpoint=sb://", ex.Message, StringComparison.Ordinal);
    }
}
