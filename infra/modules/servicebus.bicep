// The Service Bus namespace (local SAS authentication disabled: apps use their managed identities) and the
// completion queue the orchestrator consumes. Each regional deployment adds its own `work-{region}` queue
// through servicebus-queue.bicep, so a region added at run time gets its queue from the same template.

@description('Name of the namespace (6-50 characters, globally unique).')
@minLength(6)
@maxLength(50)
param serviceBusNamespaceName string

@description('Azure location of the namespace.')
param location string

@description('Tier of the namespace; Basic lacks the features the queues use (duplicate detection).')
@allowed([
  'Standard'
  'Premium'
])
param skuName string = 'Standard'

@description('Name of the queue regional workers put UnitCompleted messages on (Serverless__CompletionQueue).')
@minLength(1)
@maxLength(260)
param completionQueueName string = 'completions'

@description('Deliveries before a message is dead-lettered.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int = 10

@description('Tags applied to the namespace.')
param tags { *: string } = {}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: serviceBusNamespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
    capacity: skuName == 'Premium' ? 1 : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

module completionQueue 'servicebus-queue.bicep' = {
  name: take('queue-${completionQueueName}', 64)
  params: {
    serviceBusNamespaceName: namespace.name
    queueName: completionQueueName
    maxDeliveryCount: maxDeliveryCount
  }
}

@description('Name of the namespace.')
output serviceBusNamespaceName string = namespace.name

@description('Host name of the namespace (Serverless__ServiceBusNamespace), derived from its endpoint.')
output serviceBusHostName string = replace(split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0], '/', '')

@description('Name of the completion queue.')
output completionQueueName string = completionQueue.outputs.queueName
