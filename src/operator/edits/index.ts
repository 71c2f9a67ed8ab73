/** Edits of a KafkaCluster's spec, shared by the GraphQL mutations and the alert actions. */
export { ClusterEditor, editContext, type ApplyOptions, type ApplyResult, type ClusterEditorOptions } from './editor.js';
export { activeGracefulActions, type ClusterEdit, type EditContext, type EditPlan } from './edit.js';
export { combinedDrain, describeDrain, type Drain } from './drain.js';
export { EDIT_ERROR_CODES, editError, type EditError, type EditErrorCode } from './editError.js';
export { addBroker, type AddBrokerInput, type AddBrokerLimits } from './addBroker.js';
export { removeBroker, type RemoveBrokerInput, type RemoveBrokerLimits } from './removeBroker.js';
export { addBrokerVolume, type AddBrokerVolumeInput, type AddBrokerVolumeLimits } from './addBrokerVolume.js';
export { resizeBrokerVolume, type ResizeBrokerVolumeInput, type ResizeBrokerVolumeLimits } from './resizeBrokerVolume.js';
export { removeBrokerVolume, type RemoveBrokerVolumeInput } from './removeBrokerVolume.js';
export { setBrokerResources, type SetBrokerResourcesInput } from './setBrokerResources.js';
export { restartBroker, type RestartBrokerInput } from './restartBroker.js';
export { setBrokerConfig, type SetBrokerConfigInput } from './setBrokerConfig.js';
export { setClusterConfig } from './setClusterConfig.js';
export type { ConfigChangeInput } from './configInput.js';
export { configEffects, type ConfigEffect, type ConfigEffects } from './configEffects.js';
