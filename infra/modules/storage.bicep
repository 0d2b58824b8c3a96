// The shared storage account: the `splitstate` table and `splitstate-large` blob container (claim check)
// of the state store, and the Durable task hub of the orchestrator app (deployment containers are created per
// app by blob-container.bicep). Shared keys are off: every app authenticates with its managed identity.

@description('Name of the storage account (3-24 lower-case letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Azure location of the account.')
param location string

@description('Replication of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param skuName string = 'Standard_LRS'

@description('Durable task hub of the orchestrator app (Serverless__TaskHub): its History and Instances tables, work-item and control queues and lease container are created here.')
@minLength(3)
@maxLength(45)
param taskHubName string

@description('Partition count of the task hub (the Durable extension default is 4; one control queue per partition).')
@minValue(1)
@maxValue(16)
param taskHubPartitionCount int = 4

@description('Table of the state store (one partition per execution).')
@minLength(3)
@maxLength(63)
param stateTableName string = 'splitstate'

@description('Blob container for state values above the inline limit.')
@minLength(3)
@maxLength(63)
param largeStateContainerName string = 'splitstate-large'

@description('Tags applied to the account.')
param tags { *: string } = {}

var hubLower = toLower(taskHubName)

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource stateTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: stateTableName
}

resource largeStateContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: largeStateContainerName
  properties: {
    publicAccess: 'None'
  }
}

// The Durable Functions Azure Storage provider creates these on first start when missing; creating them here
// makes the hub visible in what-if and lets the deployment fail early on a bad hub name.
resource taskHubTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for suffix in ['History', 'Instances']: {
    parent: tableService
    name: '${taskHubName}${suffix}'
  }
]

resource taskHubWorkItems 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = {
  parent: queueService
  name: '${hubLower}-workitems'
}

resource taskHubControlQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for i in range(0, taskHubPartitionCount): {
    parent: queueService
    name: '${hubLower}-control-${padLeft(string(i), 2, '0')}'
  }
]

resource taskHubLeases 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: '${hubLower}-leases'
  properties: {
    publicAccess: 'None'
  }
}

@description('Name of the storage account.')
output storageAccountName string = storage.name

@description('Blob endpoint of the account (no credentials).')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Name of the state table.')
output stateTableName string = stateTable.name

@description('Name of the large-value container.')
output largeStateContainerName string = largeStateContainer.name

@description('Names of the task hub tables, queues and lease container created here.')
output taskHubResourceNames string[] = [
  taskHubTables[0].name
  taskHubTables[1].name
  taskHubWorkItems.name
  taskHubLeases.name
]
