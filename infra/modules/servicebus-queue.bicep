// One Service Bus queue with the settings every queue of the system shares: messages that expire or are
// delivered maxDeliveryCount times go to the dead-letter queue instead of being lost. Used for the
// completion queue and for each region's `work-{region}` queue, so both are configured alike.

@description('Name of the existing Service Bus namespace.')
@minLength(6)
@maxLength(50)
param serviceBusNamespaceName string

@description('Queue name, for example `completions` or `work-westeurope`.')
@minLength(1)
@maxLength(260)
param queueName string

@description('Deliveries before a message is dead-lettered.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int = 10

@description('ISO 8601 time to live of a message; expired messages are dead-lettered.')
@minLength(3)
param defaultMessageTimeToLive string = 'P1D'

@description('ISO 8601 peek-lock duration (Standard tier maximum is 5 minutes).')
@minLength(3)
param lockDuration string = 'PT5M'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: defaultMessageTimeToLive
    lockDuration: lockDuration
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT10M'
    enableBatchedOperations: true
  }
}

@description('Name of the queue.')
output queueName string = queue.name
