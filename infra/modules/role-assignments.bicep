// Data-plane rights of one app identity on the shared resources, deployed into the resource group that holds
// them: the storage roles the Durable extension and the state store need, Service Bus Sender/Receiver on
// exactly the queues the app uses, and Monitoring Metrics Publisher for Entra ID authenticated telemetry.

@description('Name of the app\'s user-assigned managed identity.')
@minLength(3)
@maxLength(128)
param identityName string

@description('Resource group of that identity (the app\'s resource group).')
@minLength(1)
@maxLength(90)
param identityResourceGroupName string

@description('Name of the shared storage account.')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Name of the Service Bus namespace.')
@minLength(6)
@maxLength(50)
param serviceBusNamespaceName string

@description('Queue the app consumes (Data Receiver is granted on it).')
@minLength(1)
@maxLength(260)
param receiveQueueName string

@description('Queue the app sends to (Data Sender on that queue); empty grants Data Sender on the whole namespace, which the orchestrator needs to reach work queues of regions added at run time.')
@maxLength(260)
param sendQueueName string = ''

@description('Grant Azure Service Bus Data Owner on the namespace instead of Data Sender: the orchestrator reads the length of every work queue (the autoscaler\'s backlog) through the Service Bus administration client, which needs Manage rights, and sends to work queues of regions added at run time.')
param manageQueues bool = false

@description('Name of the Application Insights component.')
@minLength(1)
@maxLength(260)
param applicationInsightsName string

// Built-in role definition ids (the same in every tenant).
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var serviceBusDataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var serviceBusDataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
var serviceBusDataOwner = '090c5cfd-751d-490a-894a-3ce6f1109419'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
  scope: resourceGroup(identityResourceGroupName)
}

var principalId = identity.properties.principalId

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource receiveQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = {
  parent: namespace
  name: receiveQueueName
}

resource sendQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = if (!empty(sendQueueName)) {
  parent: namespace
  name: sendQueueName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageBlobDataOwner)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
  }
}

resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageQueueDataContributor)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageTableDataContributor)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
  }
}

resource receiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: receiveQueue
  name: guid(receiveQueue.id, identity.id, serviceBusDataReceiver)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiver)
  }
}

resource senderOnQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(sendQueueName)) {
  scope: sendQueue
  name: guid(sendQueue.id, identity.id, serviceBusDataSender)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSender)
  }
}

resource senderOnNamespace 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (empty(sendQueueName) && !manageQueues) {
  scope: namespace
  name: guid(namespace.id, identity.id, serviceBusDataSender)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSender)
  }
}

resource ownerOnNamespace 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (manageQueues) {
  scope: namespace
  name: guid(namespace.id, identity.id, serviceBusDataOwner)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataOwner)
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: applicationInsights
  name: guid(applicationInsights.id, identity.id, monitoringMetricsPublisher)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}

@description('Data roles of a regional app (the provisioner\'s constrained RBAC rights allow exactly these; the orchestrator\'s Data Owner is not among them).')
output grantedRoleDefinitionIds string[] = [
  storageBlobDataOwner
  storageQueueDataContributor
  storageTableDataContributor
  serviceBusDataSender
  serviceBusDataReceiver
  monitoringMetricsPublisher
]
